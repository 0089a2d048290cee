# Generates test/fixtures/lab_trace_b.json: the blog's program b (Part 1, 3 layer), first 3 iterations,
# every intermediate value as numpy computes it. Run: python3 scripts/make-lab-fixtures.py
import json
import numpy as np

def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
y = np.array([[0, 1, 1, 0]]).T
np.random.seed(1)
syn0 = 2 * np.random.random((3, 4)) - 1
syn1 = 2 * np.random.random((4, 1)) - 1
steps = []
for j in range(3):
    l0 = X
    l1 = nonlin(np.dot(l0, syn0))
    l2 = nonlin(np.dot(l1, syn1))
    l2_error = y - l2
    l2_delta = l2_error * nonlin(l2, deriv=True)
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * nonlin(l1, deriv=True)
    steps.append({
        "iteration": j,
        "syn0": syn0.tolist(), "syn1": syn1.tolist(),
        "l0": l0.tolist(), "l1": l1.tolist(), "l2": l2.tolist(),
        "l2_error": l2_error.tolist(), "l2_delta": l2_delta.tolist(),
        "l1_error": l1_error.tolist(), "l1_delta": l1_delta.tolist(),
        "syn1_update": l1.T.dot(l2_delta).tolist(), "syn0_update": l0.T.dot(l1_delta).tolist(),
        "mean_abs_error": float(np.mean(np.abs(l2_error))),
    })
    syn1 += l1.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)
out = {
    "description": "Program b (Part 1, 3 layer network, seed 1): the first 3 iterations, every value, Part 1's sign (l2_error = y - l2).",
    "numpy": np.__version__,
    "steps": steps,
}
with open("test/fixtures/lab_trace_b.json", "w") as f:
    json.dump(out, f, indent=1)
