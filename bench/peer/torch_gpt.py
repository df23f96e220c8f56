"""PyTorch CPU peer for speed comparisons: the same pre-LN GPT that Ordo trains, timed per step.

Setup once:  apt-get install -y python3-torch libopenblas0-pthread
Run:         OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peer/torch_gpt.py --objective top --steps 60
             (ordo-bench runs it this way for every PyTorch column; --peer picks another script)
Prints one line: 'RESULT ... median_ms=... tokens_per_s=...' (first 5 steps excluded).
Data parallel: --ddp N runs N processes (DistributedDataParallel over gloo on 127.0.0.1, --threads
each), each on batch/N rows of every global batch; the figures are the global batch's. --batch must
divide by --ddp (DDP averages the ranks' gradients, which is the global batch's mean gradient only
for equal shards; ordo-bench picks dividing batches). --port: the gloo rendezvous port on
127.0.0.1 (ordo-bench passes a free one per run).
Model: peer_model.GPT (token + learned position embedding, L pre-LN blocks, final LayerNorm,
linear NTP head), with --objective top a linear TOP head (ListNet loss on proximity scores).
"""
import argparse, math, resource, statistics, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from peer_model import GPT

p = argparse.ArgumentParser()
for k, v in dict(batch=32, seq=64, dim=128, heads=4, layers=2, vocab=64, window=16, steps=60, threads=1).items():
    p.add_argument("--" + k, type=int, default=v)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--objective", choices=["ntp", "top"], default="ntp")
p.add_argument("--ddp", type=int, default=1)
p.add_argument("--port", type=int, default=29517)
a = p.parse_args()
GLOBAL_B = a.batch
assert GLOBAL_B % a.ddp == 0, f"--batch {GLOBAL_B} must divide by --ddp {a.ddp}"
B, T, D, H, L, V, W = a.batch // a.ddp, a.seq, a.dim, a.heads, a.layers, a.vocab, a.window
torch.set_num_threads(a.threads); torch.manual_seed(42); rng = np.random.default_rng(42)

def copy_batch():
    """Copy task: T/2 random tokens, a separator, then the same tokens again."""
    half = T // 2
    seq = np.zeros((B, T + 1 + W), dtype=np.int64)
    seq[:, :half] = rng.integers(1, V, size=(B, half))
    seq[:, half + 1:] = np.resize(seq[:, :half], (B, T + W - half))
    x, y = seq[:, :T], seq[:, 1:T + 1]
    top = np.full((B, T, V), -np.inf, dtype=np.float32)
    for t in range(T):                       # ranks x[t+1..t+W] by first occurrence
        for d in range(W, 0, -1):
            top[np.arange(B), t, seq[:, t + d]] = W - d
    return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(top)

def run(rank):
    global rng
    torch.set_num_threads(a.threads); torch.manual_seed(42); rng = np.random.default_rng(42 + rank)
    m = GPT(V, T, D, H, L, top=a.objective == "top")
    if a.ddp > 1:
        import torch.distributed as dist
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{a.port}", rank=rank, world_size=a.ddp)
        m = nn.parallel.DistributedDataParallel(m)
    opt = torch.optim.AdamW(m.parameters(), lr=a.lr)
    times = []
    for step in range(a.steps):
        x, y, top = copy_batch()
        t0 = time.perf_counter()
        logits, tl = m(x)
        loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
        if a.objective == "top":
            loss = loss - (torch.softmax(top, -1) * torch.log_softmax(tl, -1)).sum() / (B * T)
        opt.zero_grad(); loss.backward(); opt.step()
        if step >= 5: times.append(time.perf_counter() - t0)
    if rank == 0:
        med = statistics.median(times)
        print(f"RESULT torch={torch.__version__} objective={a.objective} B={GLOBAL_B} T={T} D={D} L={L} V={V} "
              f"threads={a.threads} ddp={a.ddp} median_ms={med*1000:.1f} tokens_per_s={GLOBAL_B*T/med:.0f} "
              f"final_loss={loss.item():.4f} peak_rss_mib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f}",
              flush=True)
    if a.ddp > 1:
        torch.distributed.destroy_process_group()

if __name__ == "__main__":
    if a.ddp > 1:
        import torch.multiprocessing as mp
        mp.spawn(run, nprocs=a.ddp)
    else:
        run(0)
