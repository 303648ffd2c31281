#!/usr/bin/env python3
"""PyTorch + PIL peer of Classify Folder: every JPEG in a folder to a CSV of top classes.

Uses the seed CNN (--arch seed) or the plugin's bn network (--arch bn) of
../shared/peers/torch_seed_cnn.py (relative to the repo root; --peers says where), or
the plugin's wide and air networks (--arch wide, --arch air, defined here),
random weights (seeded) or --weights. Pipeline like the plugin's: sorted
file list, decode with PIL, resize to 32x32 (box filter = area averaging) when needed, scale to
[0,1], batches of --batch through the network in eval/no_grad mode, softmax, top-k, CSV written
to a temporary file then renamed. Prints one line per run:
  peer: torch <version> threads=N images=N seconds=S img_per_s=X
Also: --write-jpegs DIR writes the 10,000 images of a CIFAR-10 binary batch as JPEGs.
"""
import argparse, os, sys, time
import numpy as np
import torch
from PIL import Image

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

def write_jpegs(batch, out, quality):
    raw = np.fromfile(batch, dtype=np.uint8).reshape(-1, 3073)
    for i, rec in enumerate(raw):
        d = os.path.join(out, CLASSES[rec[0]])
        os.makedirs(d, exist_ok=True)
        img = rec[1:].reshape(3, 32, 32).transpose(1, 2, 0)
        Image.fromarray(img).save(os.path.join(d, f"{i:05d}.jpg"), quality=quality)

def wide_cnn():
    """The plugin's `wide` architecture (Architectures.wide): a 24-filter stem, then three blocks
    of conv, 2x2 max pool, conv (32, 128, 128 filters), each conv ReLU then batch norm (the first
    block's after the pool), a last 2x2 max pool and Dense10 on the flattened maps."""
    import torch.nn as nn
    layers = [nn.Conv2d(3, 24, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(24)]
    c_in = 24
    for width in (32, 128, 128):
        layers += [nn.Conv2d(c_in, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.BatchNorm2d(width),
                   nn.Conv2d(width, width, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(width)]
        c_in = width
    return nn.Sequential(*layers, nn.MaxPool2d(2), nn.Flatten(), nn.Linear(128 * 2 * 2, 10))

def air_cnn():
    """The plugin's `air` architecture (Architectures.air, airbench93's network): a 2x2 stem of 24
    filters without padding, ReLU; three blocks of conv without bias, 2x2 max pool, batch norm, GELU,
    conv without bias, batch norm, GELU (64, 128, 128 filters); a global max pool, the features times
    1/9, and Dense10 without bias. PyTorch's own GELU stands for the plugin's sigmoid form."""
    import torch.nn as nn

    class Scale(nn.Module):
        def forward(self, x):
            return x / 9

    layers = [nn.Conv2d(3, 24, 2), nn.ReLU()]
    c_in = 24
    for width in (64, 128, 128):
        layers += [nn.Conv2d(c_in, width, 3, padding=1, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(width),
                   nn.GELU(), nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.GELU()]
        c_in = width
    return nn.Sequential(*layers, nn.AdaptiveMaxPool2d(1), nn.Flatten(), Scale(), nn.Linear(128, 10, bias=False))

def list_files(root):
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names if n.lower().endswith(".jpg")]
    return sorted(files, key=lambda p: os.path.relpath(p, root))

def classify(root, net, out_csv, batch, top):
    files = list_files(root)
    rows = []
    for i in range(0, len(files), batch):
        chunk = files[i:i + batch]
        arrs = []
        for f in chunk:
            im = Image.open(f).convert("RGB")
            if im.size != (32, 32):
                im = im.resize((32, 32), Image.BOX)
            arrs.append(np.asarray(im))
        x = torch.from_numpy(np.stack(arrs).transpose(0, 3, 1, 2).astype(np.float32) / 255.0)
        with torch.no_grad():
            p = torch.softmax(net(x), 1)
        pv, pi = p.topk(top, 1)
        for f, v, k in zip(chunk, pv.tolist(), pi.tolist()):
            rows.append((os.path.relpath(f, root), v, k))
    tmp = out_csv + ".tmp"
    with open(tmp, "w") as w:
        w.write("file,class,probability" + "".join(f",class_{r},probability_{r}" for r in range(2, top + 1)) + "\n")
        for f, v, k in rows:
            w.write(f + "".join(f",{CLASSES[c]},{q:.6f}" for q, c in zip(v, k)) + "\n")
    os.replace(tmp, out_csv)
    return len(files)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input")
    ap.add_argument("--output")
    ap.add_argument("--peers", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peers"))
    ap.add_argument("--weights", default=None, help="state_dict saved by torch.save (default: random, seeded)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--top", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--write-jpegs", default=None, help="write the CIFAR batch --cifar-batch as JPEGs into this folder")
    ap.add_argument("--cifar-batch", default=None)
    ap.add_argument("--quality", type=int, default=90)
    ap.add_argument("--arch", choices=["seed", "bn", "wide", "air"], default="seed")
    a = ap.parse_args()
    if a.write_jpegs:
        write_jpegs(a.cifar_batch, a.write_jpegs, a.quality)
        return
    sys.path.insert(0, os.path.abspath(a.peers))
    from torch_seed_cnn import seed_cnn, bn_cnn
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    net = {"seed": seed_cnn, "bn": bn_cnn, "wide": wide_cnn, "air": air_cnn}[a.arch]()
    if a.weights:
        net.load_state_dict(torch.load(a.weights))
    net.eval()
    for _ in range(a.runs):
        t = time.perf_counter()
        n = classify(a.input, net, a.output, a.batch, a.top)
        s = time.perf_counter() - t
        print(f"peer: torch {torch.__version__} arch={a.arch} threads={a.threads} images={n} seconds={s:.2f} img_per_s={n / s:.1f}", flush=True)

if __name__ == "__main__":
    main()
