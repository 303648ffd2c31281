"""Makes tfkeras-gapped.keras and tfkeras-backslash.keras from k2-tutorial.keras (same config and weights),
with the weight paths that .keras zips of tf-keras 2.13-2.15 may hold, which Keras 3 no longer writes:
- tfkeras-gapped.keras: layers under `_layer_checkpoint_dependencies/` with gaps in their numbering
  (conv2d, conv2d_2, conv2d_5, dense_1, dense_3), as after layers were created and discarded;
- tfkeras-backslash.keras: group names joined with Windows backslashes (`layers\\conv2d\\vars`), as
  os.path.join wrote them on Windows.
The weights are the same, so Keras's predictions are predictions-k2-tutorial.keras.json.
Only tensorflow 2.21 is served here (no tf-keras 2.13-2.15), hence rewritten rather than re-saved.
Run with any Python that has h5py: python make_tfkeras_style.py (in this folder)."""
import io
import zipfile

import h5py

SRC = "k2-tutorial.keras"
RENAME = {"conv2d": "conv2d", "conv2d_1": "conv2d_2", "conv2d_2": "conv2d_5", "dense": "dense_1",
          "dense_1": "dense_3"}


def rewrite(out_name, path_of):
    z = zipfile.ZipFile(SRC)
    src = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
    buf = io.BytesIO()
    with h5py.File(buf, "w") as dst:
        for layer in src["layers"]:
            vars_ = src["layers"][layer]["vars"]
            if len(vars_) == 0:
                continue
            g = dst.require_group(path_of(RENAME[layer]))
            for k in vars_:
                g.create_dataset(k, data=vars_[k][()])
    with zipfile.ZipFile(out_name, "w") as out:
        for name in ("metadata.json", "config.json"):
            out.writestr(name, z.read(name))
        out.writestr("model.weights.h5", buf.getvalue())


rewrite("tfkeras-gapped.keras", lambda name: "_layer_checkpoint_dependencies/" + name + "/vars")
rewrite("tfkeras-backslash.keras", lambda name: "layers\\" + name + "\\vars")
