"""The other direction: the PyTorch peer trains a few steps, then exports its weights in Ordo's
safetensors names so `ordo train --init-from` continues from them.

Run:  /usr/bin/python3 bench/peer/peer_export.py --config EXPORT_DIR/config.json --steps 20 --out PEER_DIR
The model's shape, objective heads and vocabulary come from an Ordo config.json (`ordo export` writes
one), so Ordo's job with the same settings accepts the file. The peer trains NTP (and the TOP/MTP
heads' weights ride along untrained) on random token sequences with AdamW. PEER_DIR gets
model.safetensors, config.json and reference-logits.safetensors (input ids and the peer's logits of
every head), which compare_logits.py --reference checks another implementation against.
"""
import argparse, json, os, sys
import numpy as np, torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ordo_safetensors import OrdoGPT, state_to_ordo, write_tensors

p = argparse.ArgumentParser()
p.add_argument("--config", required=True)
p.add_argument("--steps", type=int, default=20)
p.add_argument("--batch", type=int, default=16)
p.add_argument("--lr", type=float, default=3e-3)
p.add_argument("--out", required=True)
a = p.parse_args()
torch.set_num_threads(1); torch.manual_seed(7); rng = np.random.default_rng(7)
c = json.load(open(a.config))
m = OrdoGPT(c)
opt = torch.optim.AdamW(m.parameters(), lr=a.lr)
V, T = c["vocab_size"], c["n_positions"]
for step in range(a.steps):
    half = rng.integers(0, V, size=(a.batch, T // 2 + 1))
    seq = torch.from_numpy(np.concatenate([half, half], 1)[:, : T + 1])      # a copy task: the second half repeats
    loss = F.cross_entropy(m.heads(seq[:, :T])["ntp"].reshape(-1, V), seq[:, 1:].reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
print(f"peer trained {a.steps} steps, final loss {loss.item():.4f}")
os.makedirs(a.out, exist_ok=True)
m.eval()
write_tensors(os.path.join(a.out, "model.safetensors"), state_to_ordo(m), {"format": "pt", "producer": "peer"})
json.dump(dict(c, step=a.steps, producer="bench/peer/peer_export.py"), open(os.path.join(a.out, "config.json"), "w"), indent=2)
ids = torch.from_numpy(rng.integers(0, V, size=(2, T)))
with torch.no_grad():
    heads = m.heads(ids)
write_tensors(os.path.join(a.out, "reference-logits.safetensors"),
              dict({"input_ids": ids.numpy().astype(np.float32)}, **{"logits." + k: v.numpy() for k, v in heads.items()}),
              {"format": "pt"})
print(f"wrote {a.out}/model.safetensors, config.json, reference-logits.safetensors")
