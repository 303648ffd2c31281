#!/usr/bin/env python3
"""Writes the Keras test fixtures in this folder (src/test/resources/keras/).

Python is only needed to (re)generate these committed files; no Java test runs Python.

What writes what
----------------
* Keras 2 files (k2-*, bad-weights-only.h5, bad-truncated.h5, bad-lfs-pointer.h5, bad-savedmodel/,
  k2-tutorial-noext, k2-tutorial.hdf5): **tf-keras 2.21.0** on **tensorflow-cpu 2.21.0**
  (the script sets TF_USE_LEGACY_KERAS=1 and does `import tf_keras as keras`).
* Keras 3 files (k3-*, bad-*.keras, bad-weights-only.weights.h5): **keras 3.15.1** with the
  **tensorflow** backend (tensorflow-cpu 2.21.0).
* h5py 3.14.0, numpy 2.4.6, Pillow 12.3.0 in both.

The versions actually used are recorded in fixtures.json and README.md on every run.

How to rerun
------------
One venv serves both Keras versions (each part runs in its own subprocess):

    python3 -m venv /tmp/kvenv-tf
    /tmp/kvenv-tf/bin/pip install tensorflow-cpu==2.21.0 keras==3.15.1 pillow h5py
    /tmp/kvenv-tf/bin/pip install tf-keras==2.21.0      # if your package index serves it

If `tf-keras` is not served (it was not on the machine these files were made on), use its source:
tf-keras is pure Python. Take github.com/keras-team/tf-keras at the 2.21.0 sources, compile its three
protos, and point TF_KERAS_SRC at the folder that holds the `tf_keras` package:

    git clone https://github.com/keras-team/tf-keras /tmp/tfkeras-src   # (v2.21.0 / master 2026-03)
    python3 -m venv /tmp/kvenv-protoc && /tmp/kvenv-protoc/bin/pip install grpcio-tools
    (cd /tmp/tfkeras-src && /tmp/kvenv-protoc/bin/python -m grpc_tools.protoc -I. --python_out=. \
        tf_keras/protobuf/*.proto)
    TF_KERAS_SRC=/tmp/tfkeras-src /tmp/kvenv-tf/bin/python src/test/resources/keras/make_fixtures.py

Run from anywhere; it writes next to itself. Seeds are fixed, but TensorFlow training is not
bit-reproducible across machines, so a rerun changes the weights AND the predictions together:
always commit the models and the predictions-*.json of one run together.

Pixel convention
----------------
Model input = the image's 0..255 values as float32, NHWC (RGB order for colour images).
`inputs-rgb.bin` / `inputs-gray.bin` hold exactly those values (raw little-endian float32,
described by `inputs-rgb.json` / `inputs-gray.json`), so Java can feed the very same numbers
without numpy or a JPEG decoder. A predictions file says `"normalize": "none"` when the model
itself normalises (Rescaling / Normalization layer, or no normalisation at all) and
`"normalize": "divide-by-255"` when the script fed x/255 to a model without a Rescaling layer.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))  # .../src/test/resources/keras
RES = os.path.dirname(HERE)  # .../src/test/resources
CIFAR = os.path.join(RES, "fixtures", "cifar10-jpg")
MNIST = os.path.join(RES, "fixtures", "mnist-28")
SCRATCH = os.environ.get("KERAS_FIXTURES_SCRATCH", "/tmp/keras-fixtures-scratch")
CIFAR_CLASSES = sorted(d for d in os.listdir(CIFAR) if os.path.isdir(os.path.join(CIFAR, d)))
DIGITS = [str(i) for i in range(10)]
N_ACTIVATION_IMAGES = 2


# ----------------------------------------------------------------------------- images
def rel(path):
    return os.path.relpath(path, RES).replace(os.sep, "/")


def rgb_fixture_files():
    """20 images: <class>/0000.jpg and 0001.jpg of the 10 CIFAR-10 classes."""
    out = []
    for ci, c in enumerate(CIFAR_CLASSES):
        for name in ("0000.jpg", "0001.jpg"):
            out.append((os.path.join(CIFAR, c, name), c, ci))
    return out


def gray_fixture_files():
    """20 images: the first two files (by name) of mnist-28/test/<digit>/."""
    out = []
    for di, d in enumerate(DIGITS):
        names = sorted(os.listdir(os.path.join(MNIST, "test", d)))[:2]
        for name in names:
            out.append((os.path.join(MNIST, "test", d, name), d, di))
    return out


def load_rgb(path):
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)  # H x W x 3


def load_gray(path):
    return np.asarray(Image.open(path).convert("L"), dtype=np.uint8)[:, :, None]  # H x W x 1


def fixture_arrays(kind):
    files = rgb_fixture_files() if kind == "rgb" else gray_fixture_files()
    load = load_rgb if kind == "rgb" else load_gray
    x = np.stack([load(p) for p, _, _ in files]).astype(np.float32)
    return files, x


def training_arrays(kind):
    """Training data: all CIFAR JPEGs (10 x 10) or mnist-28/train (10 x 30)."""
    xs, ys = [], []
    if kind == "rgb":
        for ci, c in enumerate(CIFAR_CLASSES):
            for name in sorted(os.listdir(os.path.join(CIFAR, c))):
                xs.append(load_rgb(os.path.join(CIFAR, c, name)))
                ys.append(ci)
    else:
        for di, d in enumerate(DIGITS):
            for name in sorted(os.listdir(os.path.join(MNIST, "train", d))):
                xs.append(load_gray(os.path.join(MNIST, "train", d, name)))
                ys.append(di)
    return np.stack(xs).astype(np.float32), np.array(ys, dtype=np.int64)


def write_inputs():
    for kind in ("rgb", "gray"):
        files, x = fixture_arrays(kind)
        binname = "inputs-%s.bin" % kind
        x.astype("<f4").tofile(os.path.join(HERE, binname))
        header = {
            "file": "keras/" + binname,
            "dtype": "float32",
            "byteOrder": "little-endian",
            "shape": list(x.shape),
            "layout": "NHWC",
            "channels": "RGB" if kind == "rgb" else "gray",
            "values": "pixel values 0..255 as decoded by Pillow (uint8), stored as float32; "
                      "no normalisation applied",
            "decoder": "Pillow %s" % Image.__version__,
            "images": [
                {"index": i, "path": rel(p), "label": lab, "labelIndex": li,
                 "pixelSum": int(x[i].astype(np.int64).sum())}
                for i, (p, lab, li) in enumerate(files)
            ],
        }
        dump_json(os.path.join(HERE, "inputs-%s.json" % kind), header)


# ----------------------------------------------------------------------------- JSON helpers
def f32(v):
    """Shortest decimal that round-trips to the same float32."""
    return float(str(np.float32(v)))


def f32list(a):
    return [f32(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def dump_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def first_conv(model):
    for i, layer in enumerate(model.layers):
        if type(layer).__name__ == "Conv2D":
            return i, layer
    return None, None


def write_predictions(keras, model, fixture, kind, normalize, output, writer, fmt, extra=None,
                      flatten=False, with_activations=True):
    """Runs `model` on the 20 fixture images and writes predictions-<fixture>.json."""
    files, x = fixture_arrays(kind)
    feed = x / np.float32(255.0) if normalize == "divide-by-255" else x
    if flatten:
        feed = feed.reshape(feed.shape[0], -1)
    out = np.asarray(model.predict(feed, verbose=0), dtype=np.float32)
    probs = softmax(out) if output == "logits" else out
    classes = CIFAR_CLASSES if kind == "rgb" else DIGITS
    images = []
    for i, (p, lab, li) in enumerate(files):
        e = {"index": i, "path": rel(p), "label": lab, "labelIndex": li,
             "probabilities": f32list(probs[i]), "argmax": int(np.argmax(probs[i]))}
        if output == "logits":
            e["logits"] = f32list(out[i])
        images.append(e)
    activations = []
    li_, conv = first_conv(model)
    if conv is not None and with_activations:
        sub = keras.Model(model.inputs, conv.output)
        acts = np.asarray(sub.predict(feed[:N_ACTIVATION_IMAGES], verbose=0), dtype=np.float32)
        for i in range(N_ACTIVATION_IMAGES):
            activations.append({
                "index": i, "path": rel(files[i][0]), "layer": conv.name, "layerIndex": li_,
                "layerActivation": conv.get_config().get("activation"),
                "shape": list(acts[i].shape), "layout": "HWC",
                "values": f32list(acts[i])})
    obj = {
        "fixture": "keras/" + fixture,
        "writer": writer,
        "format": fmt,
        "inputShape": [int(d) for d in model.inputs[0].shape[1:]],
        "inputs": "keras/inputs-%s.json" % kind,
        "channels": "RGB" if kind == "rgb" else "gray",
        "normalize": normalize,
        "output": output,
        "classes": classes,
        "images": images,
        "activations": activations,
    }
    if flatten:
        obj["flatten"] = "the HxWxC input is flattened row-major (HWC) to a vector"
    if extra:
        obj["extra"] = extra
    dump_json(os.path.join(HERE, "predictions-%s.json" % fixture.replace("/", "")), obj)
    acc = float(np.mean(np.argmax(probs, -1) == np.array([f[2] for f in files])))
    print("  %-28s top-1 on the 20 fixture images: %.2f" % (fixture, acc))


def layer_names(model):
    return [type(l).__name__ for l in model.layers]


def record(entries, fixture, writer, fmt, model=None, layers=None, input_shape=None, output=None,
           normalize=None, predictions=True, note=None):
    if model is not None:
        layers = layers or layer_names(model)
        input_shape = input_shape or [int(d) for d in model.inputs[0].shape[1:]]
    entries.append({"file": fixture, "writer": writer, "format": fmt, "layers": layers,
                    "inputShape": input_shape, "output": output, "normalize": normalize,
                    "predictions": ("predictions-%s.json" % fixture) if predictions else None,
                    "note": note})


def save_entries(part, entries, versions):
    os.makedirs(SCRATCH, exist_ok=True)
    dump_json(os.path.join(SCRATCH, "part-%s.json" % part), {"versions": versions,
                                                           "entries": entries})


def train(model, x, y, steps, batch=20, lr=3e-3, keras=None, logits=False):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=logits),
                  metrics=["accuracy"])
    per_epoch = int(np.ceil(len(x) / batch))
    model.fit(x, y, batch_size=batch, epochs=max(1, steps // per_epoch), shuffle=True, verbose=0)


# ----------------------------------------------------------------------------- Keras 2 part
def part_k2():
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    try:
        import tf_keras as keras
    except ImportError:
        src = os.environ.get("TF_KERAS_SRC")
        if not src:
            raise
        sys.path.insert(0, src)
        import tf_keras as keras
    import h5py
    import tensorflow as tf
    tf.random.set_seed(1)
    np.random.seed(1)
    keras.utils.set_random_seed(1)
    L = keras.layers
    writer = "tf-keras %s (tensorflow %s)" % (keras.__version__, tf.__version__)
    versions = {"tf-keras": keras.__version__, "tensorflow": tf.__version__,
                "h5py": h5py.__version__, "numpy": np.__version__,
                "Pillow": Image.__version__, "python": sys.version.split()[0]}
    entries = []
    xr, yr = training_arrays("rgb")
    xg, yg = training_arrays("gray")

    def tutorial(logits):
        # The TensorFlow CNN tutorial (tensorflow.org/tutorials/images/cnn), narrower.
        return keras.Sequential([
            L.Conv2D(8, (3, 3), activation="relu", input_shape=(32, 32, 3)),
            L.MaxPooling2D((2, 2)),
            L.Conv2D(16, (3, 3), activation="relu"),
            L.MaxPooling2D((2, 2)),
            L.Conv2D(16, (3, 3), activation="relu"),
            L.Flatten(),
            L.Dense(32, activation="relu"),
            L.Dense(10, activation=None if logits else "softmax"),
        ])

    # k2-tutorial.h5 (+ copies under other names, + the tf-keras native .keras)
    m = tutorial(False)
    train(m, xr / 255.0, yr, 100, keras=keras)
    p = os.path.join(HERE, "k2-tutorial.h5")
    m.save(p)
    write_predictions(keras, m, "k2-tutorial.h5", "rgb", "divide-by-255", "softmax", writer, "hdf5")
    record(entries, "k2-tutorial.h5", writer, "HDF5 (model.save .h5)", m, output="softmax",
           normalize="divide-by-255")
    shutil.copyfile(p, os.path.join(HERE, "k2-tutorial-noext"))
    shutil.copyfile(p, os.path.join(HERE, "k2-tutorial.hdf5"))
    for name in ("k2-tutorial-noext", "k2-tutorial.hdf5"):
        record(entries, name, writer, "HDF5 (byte copy of k2-tutorial.h5)", m, output="softmax",
               normalize="divide-by-255", predictions=False,
               note="same bytes as k2-tutorial.h5: use predictions-k2-tutorial.h5.json")
    m.save(os.path.join(HERE, "k2-tutorial.keras"))
    write_predictions(keras, m, "k2-tutorial.keras", "rgb", "divide-by-255", "softmax", writer,
                      "keras-zip")
    record(entries, "k2-tutorial.keras", writer, "zip (.keras, tf-keras native format)", m,
           output="softmax", normalize="divide-by-255",
           note="same model as k2-tutorial.h5; the .keras layout of tf-keras 2.13-2.21 "
                "(config.json + model.weights.h5 + metadata.json), written by tf-keras 2.21")

    # bad-truncated.h5 and bad-lfs-pointer.h5 (derived from k2-tutorial.h5)
    data = open(p, "rb").read()
    open(os.path.join(HERE, "bad-truncated.h5"), "wb").write(data[:2000])
    record(entries, "bad-truncated.h5", "first 2000 bytes of k2-tutorial.h5", "HDF5 (truncated)",
           predictions=False)
    lfs = ("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n"
           % (hashlib.sha256(data).hexdigest(), len(data)))
    open(os.path.join(HERE, "bad-lfs-pointer.h5"), "w").write(lfs)
    record(entries, "bad-lfs-pointer.h5", "text", "Git LFS pointer text", predictions=False,
           note="points at k2-tutorial.h5's sha256 and size")

    # bad-weights-only.h5 (save_weights: an HDF5 file without model_config)
    m.save_weights(os.path.join(HERE, "bad-weights-only.h5"))
    record(entries, "bad-weights-only.h5", writer, "HDF5 (save_weights, no model_config)", m,
           predictions=False, note="weights of k2-tutorial.h5 only")

    # k2-logits.h5
    m = tutorial(True)
    train(m, xr / 255.0, yr, 100, keras=keras, logits=True)
    m.save(os.path.join(HERE, "k2-logits.h5"))
    write_predictions(keras, m, "k2-logits.h5", "rgb", "divide-by-255", "logits", writer, "hdf5")
    record(entries, "k2-logits.h5", writer, "HDF5 (model.save .h5)", m, output="logits",
           normalize="divide-by-255")

    # k2-gray.h5
    m = keras.Sequential([
        L.Conv2D(8, (3, 3), activation="relu", input_shape=(28, 28, 1)),
        L.MaxPooling2D((2, 2)),
        L.Conv2D(16, (3, 3), activation="relu"),
        L.MaxPooling2D((2, 2)),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ])
    train(m, xg / 255.0, yg, 60, batch=30, keras=keras)
    m.save(os.path.join(HERE, "k2-gray.h5"))
    write_predictions(keras, m, "k2-gray.h5", "gray", "divide-by-255", "softmax", writer, "hdf5")
    record(entries, "k2-gray.h5", writer, "HDF5 (model.save .h5)", m, output="softmax",
           normalize="divide-by-255")

    # bad-savedmodel/ (the classic TF2 SavedModel folder of a tiny Keras 2 model)
    m = keras.Sequential([L.Dense(4, activation="relu", input_shape=(8,)),
                          L.Dense(2, activation="softmax")])
    d = os.path.join(HERE, "bad-savedmodel")
    shutil.rmtree(d, ignore_errors=True)
    tf.saved_model.save(m, d)
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)
    if size > 500_000:
        shutil.rmtree(d)
        print("  bad-savedmodel/ skipped: %d bytes" % size)
    else:
        record(entries, "bad-savedmodel/", "tensorflow %s tf.saved_model.save (tf-keras model)"
               % tf.__version__, "TF SavedModel folder", m, predictions=False)
    save_entries("k2", entries, versions)


# ----------------------------------------------------------------------------- Keras 3 part
def part_k3():
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.pop("TF_USE_LEGACY_KERAS", None)
    import h5py
    import keras
    keras.utils.set_random_seed(3)
    L = keras.layers
    backend = keras.backend.backend()
    bver = ""
    if backend == "tensorflow":
        import tensorflow as tf
        bver = tf.__version__
    writer = "keras %s (%s backend %s)" % (keras.__version__, backend, bver)
    versions = {"keras": keras.__version__, "backend": backend, "backendVersion": bver,
                "h5py": h5py.__version__, "numpy": np.__version__,
                "Pillow": Image.__version__, "python": sys.version.split()[0]}
    entries = []
    xr, yr = training_arrays("rgb")
    xg, yg = training_arrays("gray")

    def save_and_predict(m, name, kind, normalize, output="softmax", fmt=None, note=None,
                         extra=None, flatten=False, with_activations=True):
        m.save(os.path.join(HERE, name))
        fmt = fmt or ("zip (.keras)" if name.endswith(".keras") else "HDF5 (legacy .h5)")
        write_predictions(keras, m, name, kind, normalize, output, writer,
                          "keras-zip" if name.endswith(".keras") else "hdf5", extra=extra,
                          flatten=flatten, with_activations=with_activations)
        record(entries, name, writer, fmt, m, output=output, normalize=normalize, note=note)

    # k3-tutorial.keras and k3-tutorial.h5: the same model, both formats
    m = keras.Sequential([
        keras.Input((32, 32, 3)),
        L.Conv2D(8, (3, 3), activation="relu"),
        L.MaxPooling2D((2, 2)),
        L.Conv2D(16, (3, 3), activation="relu"),
        L.MaxPooling2D((2, 2)),
        L.Conv2D(16, (3, 3), activation="relu"),
        L.Flatten(),
        L.Dense(32, activation="relu"),
        L.Dense(10, activation="softmax"),
    ])
    train(m, xr / 255.0, yr, 100, keras=keras)
    save_and_predict(m, "k3-tutorial.keras", "rgb", "divide-by-255")
    save_and_predict(m, "k3-tutorial.h5", "rgb", "divide-by-255",
                     note="same model and weights as k3-tutorial.keras")

    # bad-noweights.keras: k3-tutorial.keras without model.weights.h5
    with zipfile.ZipFile(os.path.join(HERE, "k3-tutorial.keras")) as zin, \
            zipfile.ZipFile(os.path.join(HERE, "bad-noweights.keras"), "w",
                            zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "model.weights.h5":
                zout.writestr(info, zin.read(info.filename))
    record(entries, "bad-noweights.keras", "k3-tutorial.keras minus model.weights.h5",
           "zip (.keras) without weights", predictions=False)

    def without_optimizer(model):
        # A copy with the same weights but not compiled: saved without optimizer state.
        c = type(model).from_config(model.get_config())
        c.set_weights(model.get_weights())
        assert getattr(c, "optimizer", None) is None
        return c

    # bad-weights-only.weights.h5 (Keras 3 save_weights)
    without_optimizer(m).save_weights(os.path.join(HERE, "bad-weights-only.weights.h5"))
    record(entries, "bad-weights-only.weights.h5", writer, "HDF5 (Keras 3 save_weights)", m,
           predictions=False, note="weights of k3-tutorial.keras only, no optimizer state")

    # k3-bn-gap.keras
    m = keras.Sequential([
        keras.Input((32, 32, 3)),
        L.Rescaling(1.0 / 255),
        L.RandomFlip("horizontal"),
        L.RandomRotation(0.1),
        L.RandomZoom(0.1),
        L.RandomTranslation(0.1, 0.1),
        L.RandomContrast(0.1),
        L.Conv2D(8, 3, padding="same", strides=1),
        L.BatchNormalization(momentum=0.8),
        L.ReLU(),
        L.Conv2D(16, 3, strides=2, padding="same"),
        L.Activation("relu"),
        L.SpatialDropout2D(0.1),
        L.AveragePooling2D((2, 2)),
        L.Conv2D(16, 3, activation="relu"),
        L.GlobalAveragePooling2D(),
        L.Dropout(0.2),
        L.Dense(10),
        L.Softmax(),
    ])
    train(m, xr, yr, 100, keras=keras)
    bn = [l for l in m.layers if isinstance(l, L.BatchNormalization)][0]
    mm, mv = (np.asarray(v) for v in (bn.moving_mean, bn.moving_variance))
    assert np.abs(mm).max() > 1e-3 and np.abs(mv - 1).max() > 1e-3, "BN stats still trivial"
    save_and_predict(m, "k3-bn-gap.keras", "rgb", "none",
                     extra={"batchNormalization": {"movingMean": f32list(mm),
                                                   "movingVariance": f32list(mv)}})

    # k3-functional.keras
    inp = keras.Input((32, 32, 3), name="image")
    x = L.Conv2D(8, 3, activation="relu")(inp)
    x = L.MaxPooling2D((2, 2))(x)
    x = L.Conv2D(16, 3, activation="relu")(x)
    x = L.GlobalMaxPooling2D()(x)
    out = L.Dense(10, activation="softmax")(x)
    m = keras.Model(inp, out, name="functional_linear")
    train(m, xr / 255.0, yr, 100, keras=keras)
    save_and_predict(m, "k3-functional.keras", "rgb", "divide-by-255")

    # k3-gray.keras (Rescaling inside)
    m = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Rescaling(1.0 / 255),
        L.Conv2D(8, 3, activation="relu"),
        L.MaxPooling2D((2, 2)),
        L.Conv2D(16, 3, activation="relu"),
        L.MaxPooling2D((2, 2)),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ])
    train(m, xg, yg, 60, batch=30, keras=keras)
    save_and_predict(m, "k3-gray.keras", "gray", "none")

    # k3-normalization.keras (Normalization adapted on the 0..255 training images)
    norm = L.Normalization(axis=-1)
    norm.adapt(xr)
    m = keras.Sequential([
        keras.Input((32, 32, 3)),
        norm,
        L.Conv2D(8, 3, activation="relu"),
        L.MaxPooling2D((2, 2)),
        L.Conv2D(16, 3, activation="relu"),
        L.GlobalAveragePooling2D(),
        L.Dense(10, activation="softmax"),
    ])
    train(m, xr, yr, 100, keras=keras)
    mean = np.asarray(norm.mean).ravel()
    var = np.asarray(norm.variance).ravel()
    save_and_predict(m, "k3-normalization.keras", "rgb", "none",
                     extra={"normalization": {"mean": f32list(mean), "variance": f32list(var)}})

    # bad-custom-layer.keras
    @keras.saving.register_keras_serializable(package="cnnfixtures")
    class MyScale(L.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    m = keras.Sequential([keras.Input((32, 32, 3)), L.Conv2D(8, 3, activation="relu"),
                          MyScale(0.5), L.GlobalAveragePooling2D(),
                          L.Dense(10, activation="softmax")])
    m.save(os.path.join(HERE, "bad-custom-layer.keras"))
    record(entries, "bad-custom-layer.keras", writer, "zip (.keras)", m, output="softmax",
           predictions=False, note="custom registered layer cnnfixtures>MyScale (untrained)")

    # bad-resnet-add.keras (Add skip connection)
    inp = keras.Input((32, 32, 3))
    a = L.Conv2D(8, 3, padding="same", activation="relu")(inp)
    b = L.Conv2D(8, 3, padding="same", activation="relu")(a)
    x = L.Add()([a, b])
    x = L.GlobalAveragePooling2D()(x)
    out = L.Dense(10, activation="softmax")(x)
    m = keras.Model(inp, out)
    train(m, xr / 255.0, yr, 100, keras=keras)
    save_and_predict(m, "bad-resnet-add.keras", "rgb", "divide-by-255",
                     fmt="zip (.keras), Functional with Add skip connection",
                     with_activations=False,
                     note="non-linear graph; predictions given in case the importer supports it")

    # bad-mlp.keras (flat 784 input)
    m = keras.Sequential([keras.Input((784,)), L.Dense(16, activation="relu"),
                          L.Dense(10, activation="softmax")])
    train(m, xg.reshape(len(xg), -1) / 255.0, yg, 30, batch=30, keras=keras)
    save_and_predict(without_optimizer(m), "bad-mlp.keras", "gray", "divide-by-255", flatten=True,
                     fmt="zip (.keras), Dense-only on a flat 784 vector",
                     note="saved without optimizer state")

    # bad-subclassed.keras (a subclassed Model without get_config, not registered)
    class Subclassed(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.conv = L.Conv2D(4, 3)
            self.pool = L.GlobalAveragePooling2D()
            self.dense = L.Dense(10)

        def call(self, x):
            return self.dense(self.pool(self.conv(x)))

    try:
        m = Subclassed()
        m(np.zeros((1, 32, 32, 3), np.float32))
        m.save(os.path.join(HERE, "bad-subclassed.keras"))
        record(entries, "bad-subclassed.keras", writer, "zip (.keras), subclassed Model",
               layers=layer_names(m), input_shape=[32, 32, 3], output="logits",
               predictions=False, note="config.json: class_name Subclassed, module null, "
                    "no layers in its config; not registered, so it cannot be loaded back")
    except Exception as e:  # noqa: BLE001
        print("  bad-subclassed.keras skipped: %s" % e)
        p = os.path.join(HERE, "bad-subclassed.keras")
        if os.path.exists(p):
            os.remove(p)
    save_entries("k3", entries, versions)


# ----------------------------------------------------------------------------- README
def human_layers(layers):
    return ", ".join(layers) if layers else ""


def tree_size(p):
    if os.path.isdir(p):
        return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(p) for f in fs)
    return os.path.getsize(p)


def write_manifest_and_readme():
    parts = {}
    for part in ("k2", "k3"):
        with open(os.path.join(SCRATCH, "part-%s.json" % part)) as f:
            parts[part] = json.load(f)
    entries = parts["k2"]["entries"] + parts["k3"]["entries"]
    for e in entries:
        e["sizeBytes"] = tree_size(os.path.join(HERE, e["file"].rstrip("/")))
    versions = {"keras2": parts["k2"]["versions"], "keras3": parts["k3"]["versions"]}
    dump_json(os.path.join(HERE, "fixtures.json"), {"versions": versions, "fixtures": entries})

    rows = []
    for e in entries:
        shape = "x".join(str(d) for d in e["inputShape"]) if e.get("inputShape") else ""
        rows.append("| `%s` | %s | %s | %s | %s | %s | %s | %d |%s" % (
            e["file"], e["writer"], e["format"], human_layers(e.get("layers")), shape,
            e.get("output") or "", e.get("normalize") or "", e["sizeBytes"],
            (" " + e["note"]) if e.get("note") else ""))
    v2, v3 = versions["keras2"], versions["keras3"]
    total = tree_size(HERE)
    text = README_TEMPLATE.format(
        table="\n".join(rows),
        v2="tf-keras %s, tensorflow(-cpu) %s, h5py %s, numpy %s, Pillow %s, Python %s" % (
            v2["tf-keras"], v2["tensorflow"], v2["h5py"], v2["numpy"], v2["Pillow"], v2["python"]),
        v3="keras %s, backend %s %s, h5py %s, numpy %s, Pillow %s, Python %s" % (
            v3["keras"], v3["backend"], v3["backendVersion"], v3["h5py"], v3["numpy"],
            v3["Pillow"], v3["python"]),
        total=total)
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write(text)


README_TEMPLATE = """# Keras fixtures

Small Keras model files written by the real Keras libraries, with Keras's own predictions, for
testing an importer ("Import Keras Model") from Java. Generated by `make_fixtures.py` (its header
says how to rerun it); no Java test needs Python. Total size of this folder when generated,
before this README: {total} bytes.

Versions used:
- Keras 2 files: {v2}
- Keras 3 files: {v3}

`fixtures.json` holds the same table as JSON (plus the versions).

## Inputs and pixel convention

- `inputs-rgb.bin`: the 20 RGB fixture images `fixtures/cifar10-jpg/<class>/000{{0,1}}.jpg`
  (classes in alphabetical order = CIFAR-10 order), 20x32x32x3.
- `inputs-gray.bin`: the 20 grayscale images, the first two files by name of
  `fixtures/mnist-28/test/<digit>/`, 20x28x28x1.
- Both are raw little-endian float32, NHWC, values 0..255 exactly as Pillow decoded them;
  `inputs-rgb.json` / `inputs-gray.json` give shape, the image paths (relative to
  `src/test/resources`), labels and each image's `pixelSum` (sum of its uint8 values), which lets
  a Java JPEG decoder be checked against Pillow's (they may differ by a few levels per pixel;
  compare predictions on the `.bin` inputs for exactness).
- Model input is the 0..255 values. `"normalize": "divide-by-255"`: the model has no Rescaling
  layer and Keras was fed x/255. `"normalize": "none"`: Keras was fed the 0..255 values as they
  are (the model rescales/normalises itself with a Rescaling or Normalization layer).

## Fixtures

| file | writer | format | layers | input | output | normalize | bytes | note
| --- | --- | --- | --- | --- | --- | --- | --- | ---
{table}

Fixtures named `bad-*` are inputs an importer should refuse with a clear message (or, for
`bad-resnet-add.keras` and `bad-mlp.keras`, may support later: they have predictions too, with an
empty `activations` list).

Not made: `tfkeras-2.15-style.keras` (only tensorflow 2.21.0 is served here, no 2.13-2.15);
`k2-tutorial.keras` is the tf-keras native `.keras` format instead, as tf-keras 2.21 writes it.

## predictions-&lt;fixture&gt;.json

One per model with predictions (`<fixture>` = the file name, e.g. `predictions-k2-tutorial.h5.json`).

| key | meaning |
| --- | --- |
| `fixture` | model path relative to `src/test/resources`, e.g. `keras/k2-tutorial.h5` |
| `writer` | library and version that wrote the model |
| `format` | `hdf5` or `keras-zip` |
| `inputShape` | model input shape without the batch dimension, `[H, W, C]` (or `[784]`) |
| `inputs` | the header of the input tensor file, `keras/inputs-rgb.json` or `keras/inputs-gray.json` |
| `channels` | `RGB` or `gray` |
| `normalize` | `none` (fed 0..255) or `divide-by-255` (fed x/255) |
| `flatten` | only in `bad-mlp.keras`: the input was flattened row-major HWC to 784 |
| `output` | `softmax` (model outputs probabilities) or `logits` (last layer linear) |
| `classes` | class names in output order |
| `images[]` | one per fixture image, in the order of the `.bin` file |
| `images[].index` | 0-based index into the `.bin` file |
| `images[].path` | image file relative to `src/test/resources` |
| `images[].label`, `labelIndex` | true class name and index |
| `images[].probabilities` | Keras output after softmax (float32 values; for a logits model the softmax of `logits` computed in float64) |
| `images[].logits` | only when `output` is `logits`: the raw model output |
| `images[].argmax` | index of the largest probability |
| `activations[]` | the first Conv2D layer's output for images 0 and 1 (empty list in `predictions-bad-resnet-add.keras.json` and `predictions-bad-mlp.keras.json`) |
| `activations[].index`, `path` | which image |
| `activations[].layer`, `layerIndex` | the Conv2D layer's name as stored in the model file, and its index in Keras's `model.layers` (Sequential models do not count their input; Functional ones count their InputLayer, so `k3-functional.keras` has 1) |
| `activations[].layerActivation` | that layer's own `activation` (`relu` or `linear`); values are after it |
| `activations[].shape`, `layout` | `[H, W, C]`, `HWC`: `values` is flattened channels-last, C fastest |
| `activations[].values` | float32 values |
| `extra` | `k3-bn-gap.keras`: `batchNormalization.movingMean`/`movingVariance`; `k3-normalization.keras`: `normalization.mean`/`variance` (per channel, on the 0..255 scale) |

Numbers are written as the shortest decimal that reads back as the same float32.
"""


# ----------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["all", "inputs", "k2", "k3", "readme"], default="all")
    a = ap.parse_args()
    if a.part == "inputs":
        write_inputs()
    elif a.part == "k2":
        part_k2()
    elif a.part == "k3":
        part_k3()
    elif a.part == "readme":
        write_manifest_and_readme()
    else:
        write_inputs()
        for part in ("k2", "k3"):
            print("== %s" % part)
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
            if part == "k2":
                env["TF_USE_LEGACY_KERAS"] = "1"
            else:
                env.pop("TF_USE_LEGACY_KERAS", None)
                env.setdefault("KERAS_BACKEND", "tensorflow")
            subprocess.run([sys.executable, os.path.abspath(__file__), "--part", part],
                           env=env, check=True)
        write_manifest_and_readme()


if __name__ == "__main__":
    main()
