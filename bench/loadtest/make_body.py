"""Writes an Open Inference Protocol infer request for one MNIST-shaped example: make_body.py SHAPE OUT.json
SHAPE is the example shape without the batch dim, e.g. 784 or 1,28,28. Values are a fixed pseudo-random image
standardised like MNIST pixels (the server's speed does not depend on them)."""
import json
import random
import sys

shape = [int(d) for d in sys.argv[1].split(",")]
count = 1
for d in shape:
    count *= d
rng = random.Random(0)
data = [round((rng.random() - 0.1307) / 0.3081, 6) for _ in range(count)]
body = {"id": "load", "inputs": [{"name": "input", "shape": [1] + shape, "datatype": "FP32", "data": data}]}
with open(sys.argv[2], "w") as out:
    json.dump(body, out)
