"""PyTorch peer for the arithmetic target-order experiment: trains on rows that Ordo generated.

Data: a dump of Ordo's own training stream and held-out split (bench/peer/DumpArithmetic.java):
    mvn -B -q -o -pl deploy -am package -DskipTests
    java -cp 'deploy/target/ordo.jar:deploy/target/lib/*' bench/peer/DumpArithmetic.java \
        arithmetic:add,5 reverse 1 320000 1000 > /tmp/add5-reverse.tsv
Run (one thread):
    /usr/bin/python3 bench/peer/torch_arith.py --data /tmp/add5-reverse.tsv --steps 5000
Prints one 'EVAL step=.. exact=.. heldout_loss=.. pos_acc=..' line per evaluation and a final RESULT
line. pos_acc is the per-position accuracy of the greedy output in the trained order.

Model: peer_model.GPT, the same pre-LN GPT as bench/peer/torch_gpt.py (token + learned position embedding, L pre-LN
blocks with causal attention and a GELU MLP 4*D, final LayerNorm, linear NTP head, matrices
normal(0, 0.02)); the training loop follows Ordo's defaults for a job: AdamW (betas 0.9/0.999,
decoupled weight decay 0.01 on matrices only), linear warmup 100 steps then cosine to 0.1 * lr at
--steps, gradient clipping at global norm 1.0. Loss: cross-entropy on the masked (answer) tokens
only, a mean over them. Training batch k is rows [k*B, (k+1)*B) of the dump: the very batches Ordo
trains on for that seed. Evaluation: greedy decoding of the target length after each held-out
prompt, the inverse of the dump's order applied once, exact match against the natural answer.
"""
import argparse, json, math, time
import torch, torch.nn as nn, torch.nn.functional as F
from peer_model import GPT

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
for k, v in dict(batch=64, dim=48, heads=3, layers=3, steps=5000, eval_every=1000, eval_examples=1000,
                 warmup=100, seed=1, threads=1).items():
    p.add_argument("--" + k.replace("_", "-"), type=int, default=v)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--weight-decay", type=float, default=0.01)
p.add_argument("--min-lr-ratio", type=float, default=0.1)
p.add_argument("--grad-clip", type=float, default=1.0)
p.add_argument("--order", default=None, help="override the dump's order, e.g. natural or 5,4,3,2,1,0 "
               "(applied to the natural-order answer; the dump must then be natural)")
p.add_argument("--operands", choices=["natural", "reversed"], default="natural",
               help="reversed: write each operand least significant digit first in the prompt (a mechanism "
               "probe, not an Ordo format): 12345+67890= becomes 54321+09876=")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)

VOCAB = "0123456789+*g=$"
ID = {c: i for i, c in enumerate(VOCAB)}

lines = [l.rstrip("\n").split("\t") for l in open(a.data)]
head = lines[0]
assert head[0] == "#order"
order = None if head[1] == "natural" else json.loads(head[1])["order"]
rows = [r for r in lines[1:] if r[0] == "train"]
tests = [r for r in lines[1:] if r[0] == "test"][: a.eval_examples]
W = len(rows[0][1])            # row width T + 1
T = W - 1                      # inputs per row (= Ordo's seqLen)
P = len(tests[0][1])           # prompt length
M = len(tests[0][2])           # answer length
if a.order is not None:
    assert order is None, "--order needs a natural-order dump"
    order = None if a.order == "natural" else [int(x) for x in a.order.split(",")]
    def reorder(s):
        ans = s[P:P + M]
        return s[:P] + "".join(ans[o] for o in order) + s[P + M:]
    if order is not None:
        rows = [[r[0], reorder(r[1]), r[2]] for r in rows]
N_DIG = (P - 2) // 2


def flip_operands(prompt):
    return prompt[:N_DIG][::-1] + prompt[N_DIG] + prompt[N_DIG + 1:2 * N_DIG + 1][::-1] + prompt[2 * N_DIG + 1:]


if a.operands == "reversed":
    rows = [[r[0], flip_operands(r[1][:P]) + r[1][P:], r[2]] for r in rows]
    tests = [[r[0], flip_operands(r[1]), r[2]] for r in tests]
tok = torch.tensor([[ID[c] for c in r[1]] for r in rows], dtype=torch.long)
mask = torch.tensor([[c == "1" for c in r[2]] for r in rows], dtype=torch.bool)
assert tok.shape[1] == W and bool(mask[:, P:P + M].all()) and int(mask.sum()) == len(rows) * M, "mask != answer"
D, H, L, V, B = a.dim, a.heads, a.layers, len(VOCAB), a.batch
need = a.steps * B
assert len(rows) >= need, f"dump has {len(rows)} rows, {a.steps} steps of {B} need {need}"


m = GPT(V, T, D, H, L)
decay = [q for n, q in m.named_parameters() if q.dim() == 2]
no_decay = [q for n, q in m.named_parameters() if q.dim() != 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay},
                         {"params": no_decay, "weight_decay": 0.0}], lr=a.lr, betas=(0.9, 0.999), eps=1e-8)


def lr_at(step):
    w = min(a.warmup, a.steps - 1)
    if step < w:
        return a.lr * (step + 1) / w
    floor = a.lr * a.min_lr_ratio
    progress = (step - w) / (a.steps - w)
    return floor + (a.lr - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def masked_loss(x_rows, m_rows):
    logits = m(x_rows[:, :T])[0]
    y = x_rows[:, 1:]
    sel = m_rows[:, 1:]
    return F.cross_entropy(logits[sel], y[sel])


test_prompt = torch.tensor([[ID[c] for c in r[1]] for r in tests], dtype=torch.long)
test_answer = [r[2] for r in tests]
ordered = [s if order is None else "".join(s[o] for o in order) for s in test_answer]
test_rows = torch.tensor([[ID[c] for c in r[1] + o] + [ID["$"]] for r, o in zip(tests, ordered)], dtype=torch.long)
test_mask = torch.zeros_like(test_rows, dtype=torch.bool)
test_mask[:, P:P + M] = True


@torch.no_grad()
def evaluate(step):
    m.eval()
    seq = test_prompt
    for _ in range(M):
        nxt = m(seq)[0][:, -1].argmax(-1, keepdim=True)
        seq = torch.cat([seq, nxt], 1)
    out = ["".join(VOCAB[i] for i in r[P:].tolist()) for r in seq]
    pos_acc = [sum(o[j] == e[j] for o, e in zip(out, ordered)) / len(out) for j in range(M)]
    nat = []
    for o in out:
        if order is None:
            nat.append(o)
        else:
            back = [""] * M
            for j, src in enumerate(order):
                back[src] = o[j]
            nat.append("".join(back))
    exact = sum(x == y for x, y in zip(nat, test_answer)) / len(nat)
    loss = masked_loss(test_rows[:B], test_mask[:B]).item()
    m.train()
    return exact, loss, pos_acc


print(f"CONFIG data={a.data} order={order} rows={len(rows)} T={T} P={P} M={M} D={D} H={H} L={L} B={B} "
      f"operands={a.operands} lr={a.lr} steps={a.steps} seed={a.seed} params={sum(q.numel() for q in m.parameters())} "
      f"torch={torch.__version__} threads={torch.get_num_threads()}", flush=True)
t0 = time.time()
exact = loss = None
for step in range(a.steps):
    for g in opt.param_groups:
        g["lr"] = lr_at(step)
    x = tok[step * B:(step + 1) * B]
    mk = mask[step * B:(step + 1) * B]
    loss_t = masked_loss(x, mk)
    opt.zero_grad(set_to_none=True)
    loss_t.backward()
    if a.grad_clip > 0:
        torch.nn.utils.clip_grad_norm_(m.parameters(), a.grad_clip)
    opt.step()
    if (step + 1) % a.eval_every == 0 or step + 1 == a.steps:
        exact, loss, pos = evaluate(step + 1)
        print(f"EVAL step={step + 1} exact={exact:.4f} heldout_loss={loss:.4f} train_loss={loss_t.item():.4f} "
              f"pos_acc={','.join(f'{x:.3f}' for x in pos)} wall_s={time.time() - t0:.0f}", flush=True)
print(f"RESULT order={order} operands={a.operands} steps={a.steps} exact={exact:.4f} heldout_loss={loss:.4f} wall_s={time.time() - t0:.0f}",
      flush=True)
