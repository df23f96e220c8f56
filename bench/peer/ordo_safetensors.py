"""Loads an Ordo safetensors export (`ordo export --format safetensors FILE`) into the PyTorch peer's
model (peer_model.GPT, with Ordo's tanh GELU), and writes the peer's weights back in Ordo's names so
`ordo train --init-from` can continue from them. The name scheme is docs/safetensors.md.

    import sys; sys.path.insert(0, "bench/peer")
    from ordo_safetensors import load
    model = load("export/model.safetensors")      # reads config.json beside it
    logits = model.heads(torch.tensor([[1, 2, 3]]))["ntp"]

Uses the `safetensors` package when it is installed; otherwise parses the format itself (8-byte
little-endian header length, JSON header, raw little-endian tensors) with numpy.
"""
import json, os, struct
import numpy as np
import torch, torch.nn as nn
from peer_model import GPT, Block

_DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_tensors(path):
    """{name: numpy array} of a safetensors file, and its __metadata__."""
    try:
        from safetensors import safe_open
        with safe_open(path, "np") as f:
            return {k: f.get_tensor(k) for k in f.keys()}, (f.metadata() or {})
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: header length {n} is larger than the file")
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        arr = np.frombuffer(body[b:end], dtype=np.dtype(_DTYPES[e["dtype"]]).newbyteorder("<"))
        out[name] = arr.reshape(e["shape"]).copy()
    return out, meta


def write_tensors(path, tensors, metadata=None):
    """Writes {name: float32 array} as safetensors (what the `safetensors` package writes, by hand)."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name, a in tensors.items():
        a = np.ascontiguousarray(a, dtype="<f4")
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
        blobs.append(a.tobytes())
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


_BLOCK = {"ln_1.weight": ("ln1.weight", False), "ln_1.bias": ("ln1.bias", False),
          "ln_2.weight": ("ln2.weight", False), "ln_2.bias": ("ln2.bias", False),
          "attn.c_attn.weight": ("qkv.weight", True), "attn.c_attn.bias": ("qkv.bias", False),
          "attn.c_proj.weight": ("o.weight", True), "attn.c_proj.bias": ("o.bias", False),
          "mlp.c_fc.weight": ("fc1.weight", True), "mlp.c_fc.bias": ("fc1.bias", False),
          "mlp.c_proj.weight": ("fc2.weight", True), "mlp.c_proj.bias": ("fc2.bias", False)}


def peer_name(name):
    """(peer parameter name, transposed?) of an Ordo safetensors name. Conv1D (in, out) -> nn.Linear (out, in)."""
    fixed = {"transformer.wte.weight": "tok.weight", "transformer.wpe.weight": "pos",
             "transformer.ln_f.weight": "lnf.weight", "transformer.ln_f.bias": "lnf.bias",
             "lm_head.weight": "lm.weight", "lm_head.bias": "lm.bias",
             "top_head.weight": "top.weight", "top_head.bias": "top.bias"}
    if name in fixed:
        return fixed[name], False
    for prefix, target in (("transformer.h.", "blocks."), ("mtp_heads.", "mtp.")):
        if name.startswith(prefix):
            index, rest = name[len(prefix):].split(".", 1)
            if rest in _BLOCK:
                p, t = _BLOCK[rest]
                return f"{target}{index}.{p}", t
    raise ValueError(f"unknown tensor {name}: not in Ordo's name scheme (docs/safetensors.md)")


class OrdoGPT(GPT):
    """peer_model.GPT with Ordo's extras: tanh GELU, a tied NTP head, MTP heads (one block each)."""

    def __init__(s, c):
        if c["n_inner"] != 4 * c["n_embd"]:
            raise ValueError(f"the peer's MLP is 4*D wide; this export has n_inner {c['n_inner']}")
        super().__init__(c["vocab_size"], c["n_positions"], c["n_embd"], c["n_head"], c["n_layer"],
                         top="top" in c["heads"], gelu="tanh")
        if c["tie_word_embeddings"]:
            s.lm.weight = s.tok.weight
        s.mtp = nn.ModuleDict({str(k): Block(c["n_embd"], c["n_head"], c["n_positions"], "tanh")
                               for k in range(2, c["mtp_tokens"] + 1)})

    def heads(s, x):
        """{"ntp": (B, T, V), "top": ..., "mtp:k": ...}: every head's logits, as Ordo's headLogits."""
        h = s.tok(x) + s.pos[: x.shape[1]]
        for b in s.blocks:
            h = b(h)
        out = {"ntp": s.lm(s.lnf(h))}
        if s.top is not None:
            out["top"] = s.top(s.lnf(h))
        for k, block in s.mtp.items():
            out[f"mtp:{k}"] = s.lm(s.lnf(block(h)))
        return out


def load(path, config=None):
    """The export at `path` (config.json beside it unless given) as an OrdoGPT in eval mode."""
    c = config or json.load(open(os.path.join(os.path.dirname(os.path.abspath(path)), "config.json")))
    m = OrdoGPT(c)
    tensors, _ = read_tensors(path)
    params = dict(m.named_parameters())
    seen = set()
    with torch.no_grad():
        for name, a in tensors.items():
            p, transposed = peer_name(name)
            t = torch.from_numpy(a.T.copy() if transposed else a)
            if p not in params or params[p].shape != t.shape:
                raise ValueError(f"tensor {name} {list(a.shape)} does not fit the peer's {p} "
                                 f"{list(params[p].shape) if p in params else 'missing'}")
            params[p].copy_(t)
            seen.add(p)
    missing = set(params) - seen
    if missing:
        raise ValueError(f"{path} lacks tensors for {sorted(missing)}")
    return m.eval()


def state_to_ordo(m):
    """The peer model's weights under Ordo's safetensors names (the inverse of load)."""
    out = {}
    inverse = {}
    for name, p in m.named_parameters():
        inverse[name] = p.detach().numpy()
    names = {"tok.weight": "transformer.wte.weight", "pos": "transformer.wpe.weight",
             "lnf.weight": "transformer.ln_f.weight", "lnf.bias": "transformer.ln_f.bias",
             "lm.weight": "lm_head.weight", "lm.bias": "lm_head.bias",
             "top.weight": "top_head.weight", "top.bias": "top_head.bias"}
    back = {v[0]: (k, v[1]) for k, v in _BLOCK.items()}
    for name, a in inverse.items():
        if name in names:
            out[names[name]] = a
            continue
        group, index, rest = name.split(".", 2)
        ordo, transposed = back[rest]
        prefix = "transformer.h." if group == "blocks" else "mtp_heads."
        out[f"{prefix}{index}.{ordo}"] = a.T if transposed else a
    return out
