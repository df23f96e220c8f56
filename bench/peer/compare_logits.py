"""Checks the PyTorch loader against Ordo on an export made with `ordo export --reference-logits`:
loads model.safetensors into the peer's model (ordo_safetensors.load), runs the input ids of
reference-logits.safetensors and prints the largest |logit difference| per head and overall.

Run:  /usr/bin/python3 bench/peer/compare_logits.py EXPORT_DIR/model.safetensors [--tolerance 1e-5]
Exits 1 when the largest difference is above the tolerance.
"""
import argparse, os, sys
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ordo_safetensors import load, read_tensors

p = argparse.ArgumentParser()
p.add_argument("weights")
p.add_argument("--reference", help="default: reference-logits.safetensors beside the weights")
p.add_argument("--tolerance", type=float, default=1e-5)
a = p.parse_args()
torch.set_num_threads(1)
ref, _ = read_tensors(a.reference or os.path.join(os.path.dirname(os.path.abspath(a.weights)),
                                                  "reference-logits.safetensors"))
model = load(a.weights)
ids = torch.from_numpy(ref["input_ids"].astype(np.int64))
with torch.no_grad():
    heads = model.heads(ids)
worst = 0.0
for name, logits in heads.items():
    d = float(np.max(np.abs(logits.numpy() - ref["logits." + name])))
    worst = max(worst, d)
    print(f"head {name}: max |dlogits| = {d:.3g} over {logits.numel()} logits")
print(f"RESULT max_abs_dlogits={worst:.3g} tolerance={a.tolerance:g} {'OK' if worst <= a.tolerance else 'FAIL'}")
sys.exit(0 if worst <= a.tolerance else 1)
