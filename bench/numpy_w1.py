# W1 in numpy: the blog's "3 Layer Neural Network" program (Part 1), seed 1, 60,000 iterations,
# without the print every 10,000 iterations. Prints one JSON line: timings and final error.
import json, sys, time
try:
    import numpy as np
except Exception as e:  # numpy is optional
    print(json.dumps({"impl": "numpy", "workload": "W1", "unavailable": "numpy does not import: %s" % e}))
    sys.exit(0)

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5

def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
y = np.array([[0], [1], [1], [0]])

def run():
    np.random.seed(1)
    syn0 = 2 * np.random.random((3, 4)) - 1
    syn1 = 2 * np.random.random((4, 1)) - 1
    for j in range(60000):
        l0 = X
        l1 = nonlin(np.dot(l0, syn0))
        l2 = nonlin(np.dot(l1, syn1))
        l2_error = y - l2
        l2_delta = l2_error * nonlin(l2, deriv=True)
        l1_error = l2_delta.dot(syn1.T)
        l1_delta = l1_error * nonlin(l1, deriv=True)
        syn1 += l1.T.dot(l2_delta)
        syn0 += l0.T.dot(l1_delta)
    l2 = nonlin(np.dot(nonlin(np.dot(X, syn0)), syn1))
    return float(np.mean(np.abs(y - l2)))

run()  # warm-up
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    err = run()
    times.append((time.perf_counter() - t0) * 1000)
s = sorted(times)
print(json.dumps({"impl": "numpy", "workload": "W1", "dtype": "float64", "notes": "numpy %s, the blog's program" % np.__version__,
                  "times": times, "medianMs": s[len(s) // 2], "minMs": s[0], "finalError": err}))
