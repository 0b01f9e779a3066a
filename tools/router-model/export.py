"""ONNX export (fp32) and weight-only int8 quantization, done with the onnx package alone."""

from __future__ import annotations

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper, TensorProto

from model import Bert, OnnxWrapper


def export_onnx(model: Bert, path: str, opset: int = 14) -> None:
    model.eval()
    ids = torch.tensor([[2, 10, 11, 12, 3], [2, 13, 3, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    axes = {0: "batch_size", 1: "sequence_length"}
    # torch >= 2 defaults to the dynamo exporter, which ignores the opset request; the TorchScript
    # exporter gives the same graph on every torch version.
    extra = {"dynamo": False} if int(torch.__version__.split(".")[0]) >= 2 else {}
    torch.onnx.export(
        OnnxWrapper(model),
        (ids, mask, types),
        path,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch_size"}},
        opset_version=opset,
        do_constant_folding=True,
        **extra,
    )
    onnx.checker.check_model(onnx.load(path))


def _quantize(w: np.ndarray, axis: int):
    """Symmetric int8 per-channel along `axis` (zero point 0)."""
    reduce_axes = tuple(i for i in range(w.ndim) if i != axis)
    scale = np.abs(w).max(axis=reduce_axes) / 127.0
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def quantize_int8(src: str, dst: str, min_elements: int = 4096) -> dict:
    """Rewrite the float weight initializers of MatMul / Gemm / Gather (embeddings) as
    DequantizeLinear(int8, per-channel scale, zero point) feeding the original op.
    Activations stay fp32, so any ONNX runtime executes it without quantized kernels."""
    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    consumers = {}
    for node in g.node:
        for idx, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node, idx))

    new_nodes, replacements, stats = [], {}, {"quantized": 0, "kept": 0}
    for name, init in list(inits.items()):
        uses = consumers.get(name, [])
        if not uses:
            continue
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.ndim != 2 or w.size < min_elements:
            stats["kept"] += 1
            continue
        axis = None
        ok = True
        for node, idx in uses:
            if node.op_type == "MatMul" and idx == 1:
                a = 1  # [in, out]: one scale per output column
            elif node.op_type == "Gemm" and idx == 1:
                trans_b = next((at.i for at in node.attribute if at.name == "transB"), 0)
                a = 0 if trans_b else 1
            elif node.op_type == "Gather" and idx == 0:
                a = 0  # one scale per embedding row
            else:
                ok = False
                break
            if axis is not None and axis != a:
                ok = False
                break
            axis = a
        if not ok:
            stats["kept"] += 1
            continue
        q, scale = _quantize(w, axis)
        g.initializer.remove(init)
        if len(uses) == 1 and uses[0][0].op_type == "Gather":
            # Embedding tables: gather the int8 rows and their scales, then rescale only those rows,
            # instead of dequantizing the whole table on every call.
            gather = uses[0][0]
            ids_name, out_name = gather.input[1], gather.output[0]
            g.initializer.extend([numpy_helper.from_array(q, name + "_q"),
                                  numpy_helper.from_array(scale.reshape(-1, 1), name + "_scale")])
            replacements[id(gather)] = [
                helper.make_node("Gather", [name + "_q", ids_name], [name + "_qrows"], axis=0, name=name + "_gq"),
                helper.make_node("Cast", [name + "_qrows"], [name + "_frows"], to=TensorProto.FLOAT, name=name + "_cast"),
                helper.make_node("Gather", [name + "_scale", ids_name], [name + "_srows"], axis=0, name=name + "_gs"),
                helper.make_node("Mul", [name + "_frows", name + "_srows"], [out_name], name=name + "_rescale"),
            ]
            stats["quantized"] += 1
            continue
        g.initializer.extend(
            [
                numpy_helper.from_array(q, name + "_q"),
                numpy_helper.from_array(scale, name + "_scale"),
                numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), name + "_zp"),
            ]
        )
        new_nodes.append(
            helper.make_node("DequantizeLinear", [name + "_q", name + "_scale", name + "_zp"], [name], axis=axis, name=name + "_dq")
        )
        stats["quantized"] += 1

    # Dequantize nodes produce the original tensor names, so consumers need no rewiring;
    # putting them first keeps the graph topologically sorted. Replaced gathers stay in place.
    nodes = list(new_nodes)
    for node in g.node:
        nodes.extend(replacements.get(id(node), [node]))
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return stats


if __name__ == "__main__":
    import sys

    # Re-quantize an existing fp32 export: python3 export.py model.onnx model_quantized.onnx
    print(quantize_int8(sys.argv[1], sys.argv[2]))
