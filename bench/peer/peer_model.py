"""The PyTorch peer's GPT, the model Ordo trains, shared by torch_gpt.py (speed) and torch_arith.py
(the arithmetic target-order check): token + learned position embedding, L pre-LN blocks (causal
attention, GELU MLP 4*D), final LayerNorm, linear NTP head and optionally a linear TOP head.
Matrices start at normal(0, 0.02) and biases at zero, as in Ordo. Inputs may be shorter than seq.
gelu="tanh" is Ordo's GELU (the tanh form, Hugging Face's gelu_new); the default "none" is the exact
erf form the speed peer has always used. ordo_safetensors.py loads an Ordo export with gelu="tanh".
"""
import math
import torch, torch.nn as nn, torch.nn.functional as F


class Block(nn.Module):
    def __init__(s, dim, heads, seq, gelu="none"):
        super().__init__()
        s.dim, s.heads, s.gelu = dim, heads, gelu
        s.ln1, s.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        s.qkv, s.o = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        s.fc1, s.fc2 = nn.Linear(dim, 4 * dim), nn.Linear(4 * dim, dim)
        s.register_buffer("mask", torch.triu(torch.full((seq, seq), float("-inf")), 1))

    def forward(s, h):
        b, t, d = h.shape
        q, k, v = s.qkv(s.ln1(h)).view(b, t, 3, s.heads, d // s.heads).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // s.heads) + s.mask[:t, :t], -1)
        h = h + s.o((att @ v).transpose(1, 2).reshape(b, t, d))
        return h + s.fc2(F.gelu(s.fc1(s.ln2(h)), approximate=s.gelu))


class GPT(nn.Module):
    """forward(x) -> (NTP logits, TOP logits or None)."""

    def __init__(s, vocab, seq, dim, heads, layers, top=False, gelu="none"):
        super().__init__()
        s.tok, s.pos = nn.Embedding(vocab, dim), nn.Parameter(torch.zeros(seq, dim))
        s.blocks = nn.ModuleList(Block(dim, heads, seq, gelu) for _ in range(layers))
        s.lnf, s.lm = nn.LayerNorm(dim), nn.Linear(dim, vocab)
        s.top = nn.Linear(dim, vocab) if top else None
        for q in s.parameters():
            if q.dim() == 2:
                nn.init.normal_(q, 0, 0.02)
        for mod in s.modules():
            if isinstance(mod, nn.Linear):
                nn.init.zeros_(mod.bias)

    def forward(s, x):
        h = s.tok(x) + s.pos[: x.shape[1]]
        for b in s.blocks:
            h = b(h)
        h = s.lnf(h)
        return s.lm(h), (s.top(h) if s.top is not None else None)
