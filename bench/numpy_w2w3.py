# W2 and W3 in numpy, as a numpy user writes them:
#
#   python3 bench/numpy_w2w3.py <W2|W3> <data.json> [reps]
#
# The data are the workload's own (bench/workloads.mjs): scripts/bench.mjs writes X, Y, the initial
# W and b and the hyperparameters to a JSON file (JSON numbers round-trip float64 exactly), so the
# numbers are the same as every other implementation's. float64 throughout. One warm-up run, then
# `reps` timed runs, each from the initial weights (as numpy_w1.py). Prints one JSON line: timings
# and the final error, mean |Y - output| over the 4096 samples after the run (W3: after the forward
# pass).
#
# W2: per mini-batch of 32 rows, in order:
#   l1 = sigmoid(x W0 + b0), l2 = sigmoid(l1 W1 + b1)
#   d2 = (l2 - y) / 32 * l2 (1 - l2), d1 = d2 W1^T * l1 (1 - l1)
#   W1 -= alpha l1^T d2, b1 -= alpha sum(d2), W0 -= alpha x^T d1, b0 -= alpha sum(d1)
# W3: sigmoid(sigmoid(X W0 + b0) W1 + b1) over the 4096 rows, 100 times.
#
# numpy's products go through OpenBLAS in its own summation order (and with its own threads), so
# the final error agrees with tinynn's to about 1e-16, not bit for bit.
import json, os, sys, time
try:
    import numpy as np
except Exception as e:  # numpy is optional
    name = sys.argv[1] if len(sys.argv) > 1 else "W2"
    print(json.dumps({"impl": "numpy", "workload": name, "unavailable": "numpy does not import: %s" % e}))
    sys.exit(0)

name, path = sys.argv[1], sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
with open(path) as f:
    d = json.load(f)
ni, nh, no = d["sizes"]
n = d["n"]
X = np.array(d["x"], dtype=np.float64).reshape(n, ni)
Y = np.array(d["y"], dtype=np.float64).reshape(n, no)
W0_init = np.array(d["W"][0], dtype=np.float64).reshape(ni, nh)
W1_init = np.array(d["W"][1], dtype=np.float64).reshape(nh, no)
b0_init = np.array(d["b"][0], dtype=np.float64)
b1_init = np.array(d["b"][1], dtype=np.float64)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(x, W0, b0, W1, b1):
    return sigmoid(sigmoid(x @ W0 + b0) @ W1 + b1)


def w2():
    W0, b0, W1, b1 = W0_init.copy(), b0_init.copy(), W1_init.copy(), b1_init.copy()
    bs, alpha = d["batchSize"], d["alpha"]
    for _ in range(d["iterations"]):
        for s in range(0, n - bs + 1, bs):
            x, y = X[s:s + bs], Y[s:s + bs]
            l1 = sigmoid(x @ W0 + b0)
            l2 = sigmoid(l1 @ W1 + b1)
            d2 = (l2 - y) / bs * (l2 * (1 - l2))
            d1 = (d2 @ W1.T) * (l1 * (1 - l1))
            W1 -= alpha * (l1.T @ d2)
            b1 -= alpha * d2.sum(axis=0)
            W0 -= alpha * (x.T @ d1)
            b0 -= alpha * d1.sum(axis=0)
    return float(np.mean(np.abs(Y - forward(X, W0, b0, W1, b1))))


def w3():
    out = None
    for _ in range(d["passes"]):
        out = forward(X, W0_init, b0_init, W1_init, b1_init)
    return float(np.mean(np.abs(Y - out)))


if name not in ("W2", "W3"):
    print(json.dumps({"impl": "numpy", "workload": name, "unavailable": "numpy_w2w3.py covers W2 and W3"}))
    sys.exit(0)
run = w2 if name == "W2" else w3
run()  # warm-up
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    err = run()
    times.append((time.perf_counter() - t0) * 1000)
s = sorted(times)
threads = os.environ.get("OPENBLAS_NUM_THREADS", "default (%d cores)" % os.cpu_count())
print(json.dumps({"impl": "numpy", "workload": name, "dtype": "float64",
                  "notes": "numpy %s, X @ W with OpenBLAS threads %s" % (np.__version__, threads),
                  "times": times, "medianMs": s[len(s) // 2], "minMs": s[0], "finalError": err}))
