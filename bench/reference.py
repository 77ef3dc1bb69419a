"""The PyTorch/SciPy side of unet4j's benchmark record (`./unet4j bench all --reference`).

unet4j's BenchCommand starts this script as a server and asks it for one figure at a time, right after measuring its
own twin of that figure, so that each ratio compares two measurements taken back to back:

    /usr/bin/python3 bench/reference.py serve THREADS

reads one JSON request per line ({"figure": NAME, "runs": R, "warmup": W, ...}) and answers one JSON line
({"seconds": MEDIAN, "note": TEXT} or {"error": TEXT}). It needs torch, numpy and scipy (Debian's python3-torch and
python3-scipy); they are yardsticks only, never a dependency of unet4j. Each figure mirrors one Java class of
org.unet4j.experiments.bench; the comments name it.
"""
import json
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy.sparse.csgraph import maximum_flow


def median_seconds(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---- engine (EngineBenchmark) ----------------------------------------------------------------------------------

def sgemm(req):
    n = req["n"]
    a, b = torch.randn(n, n), torch.randn(n, n)
    return median_seconds(lambda: a @ b, req["runs"], req["warmup"]), ""


def conv(req):
    x = torch.randn(req["batch"], req["channels"], req["size"], req["size"], requires_grad=True)
    layer = nn.Conv2d(req["channels"], req["channels"], 3, padding=1)

    def step():
        x.grad = None
        layer.zero_grad()
        layer(x).sum().backward()
    return median_seconds(step, req["runs"], req["warmup"]), ""


# ---- U-Nets (UNetBenchmark) ------------------------------------------------------------------------------------

def conv_bn_relu_twice(ci, co, dims=2):
    conv, norm = (nn.Conv3d, nn.BatchNorm3d) if dims == 3 else (nn.Conv2d, nn.BatchNorm2d)
    return nn.Sequential(conv(ci, co, 3, padding=1), norm(co), nn.ReLU(),
                         conv(co, co, 3, padding=1), norm(co), nn.ReLU())


class PlainUNet(nn.Module):
    """UNet.builder().filters(...).block(Block.plain()): SAME convs, max-pool, transposed conv up, concat, 1x1 head;
    images (dims 2, UNetBenchmark) or volumes (dims 3, VolumeUNetBenchmark)."""

    def __init__(self, filters, dims=2):
        super().__init__()
        self.pool = F.max_pool3d if dims == 3 else F.max_pool2d
        up, conv = (nn.ConvTranspose3d, nn.Conv3d) if dims == 3 else (nn.ConvTranspose2d, nn.Conv2d)
        self.down = nn.ModuleList()
        c = 1
        for k in filters[:-1]:
            self.down.append(conv_bn_relu_twice(c, k, dims))
            c = k
        self.mid = conv_bn_relu_twice(c, filters[-1], dims)
        self.up, self.dec = nn.ModuleList(), nn.ModuleList()
        c = filters[-1]
        for k in reversed(filters[:-1]):
            self.up.append(up(c, k, 2, stride=2))
            self.dec.append(conv_bn_relu_twice(2 * k, k, dims))
            c = k
        self.head = conv(c, 1, 1)

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
            x = self.pool(x, 2)
        x = self.mid(x)
        for u, d in zip(self.up, self.dec):
            x = d(torch.cat([u(x), skips.pop()], 1))
        return self.head(x)


def group_count(channels):
    """Norm.groupsFor: the largest divisor of the channel count not above 8."""
    for g in range(min(8, channels), 1, -1):
        if channels % g == 0:
            return g
    return 1


def ode_field(ci, co):
    """Convs.odeField: norm - conv 3x3 (SAME) - ReLU - norm - conv 1x1 - ReLU, group norm."""
    return nn.Sequential(nn.GroupNorm(group_count(ci), ci), nn.Conv2d(ci, co, 3, padding=1), nn.ReLU(),
                         nn.GroupNorm(group_count(co), co), nn.Conv2d(co, co, 1), nn.ReLU())


class DynamicBlock(nn.Module):
    """unet4j's DB (DynamicBlock): z = [x, v], z(0) = [x0, g(x0)], z' = [v, f(z)], fixed-step RK4 on [0, 1]."""

    def __init__(self, channels, steps):
        super().__init__()
        self.channels, self.steps = channels, steps
        self.g = ode_field(channels, channels)
        self.f = ode_field(2 * channels, channels)

    def derivative(self, z):
        return torch.cat([z[:, self.channels:], self.f(z)], 1)

    def forward(self, x):
        z = torch.cat([x, self.g(x)], 1)
        h = 1.0 / self.steps
        for _ in range(self.steps):
            k1 = self.derivative(z)
            k2 = self.derivative(z + h / 2 * k1)
            k3 = self.derivative(z + h / 2 * k2)
            k4 = self.derivative(z + h * k3)
            z = z + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        return z[:, :self.channels]


class ContinuousUNet(nn.Module):
    """ContinuousUNet.builder().block(Block.dynamic("rk4", steps)): the attribute names are unet4j's parameter names."""

    def __init__(self, filters, steps):
        super().__init__()
        self.levels = len(filters)
        self.lift = nn.Conv2d(1, filters[0], 1)
        for i in range(self.levels - 1):
            setattr(self, f"encoder{i}", DynamicBlock(filters[i], steps))
            setattr(self, f"widen{i}", nn.Conv2d(filters[i], filters[i + 1], 1))
        self.bottleneck = DynamicBlock(filters[-1], steps)
        for i in range(self.levels - 2, -1, -1):
            setattr(self, f"reduce{i}", nn.Conv2d(filters[i] + filters[i + 1], filters[i], 1))
            setattr(self, f"decoder{i}", DynamicBlock(filters[i], steps))
        self.head = nn.Conv2d(filters[0], 1, 1)

    def forward(self, x):
        skips = []
        x = self.lift(x)
        for i in range(self.levels - 1):
            x = getattr(self, f"encoder{i}")(x)
            skips.append(x)
            x = F.max_pool2d(getattr(self, f"widen{i}")(x), 2)
        x = self.bottleneck(x)
        for i in range(self.levels - 2, -1, -1):
            up = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
            x = getattr(self, f"decoder{i}")(getattr(self, f"reduce{i}")(torch.cat([skips[i], up], 1)))
        return self.head(x)



# --- The comparison architectures of org.unet4j.layers.zoo (issue 22), each as the Java builder states it ----------

def conv_bn_relu(ci, co, k=3, bias=True, dilation=1):
    return [nn.Conv2d(ci, co, k, padding=dilation * (k // 2), dilation=dilation, bias=bias), nn.BatchNorm2d(co),
            nn.ReLU()]


class AttentionUNet(nn.Module):
    """AttentionUNet.builder(): LeeJunHyun's AttU_Net; the gate psi(relu(W_g g + W_x x)) scales the skip."""

    def __init__(self, cin=3, cout=1, f=(64, 128, 256, 512, 1024)):
        super().__init__()
        block = lambda i, o: nn.Sequential(*conv_bn_relu(i, o), *conv_bn_relu(o, o))
        self.enc = nn.ModuleList([block(cin if i == 0 else f[i - 1], f[i]) for i in range(len(f))])
        self.up = nn.ModuleList([nn.Sequential(nn.Upsample(scale_factor=2), *conv_bn_relu(f[i + 1], f[i]))
                                 for i in range(len(f) - 1)])
        self.wg = nn.ModuleList([nn.Sequential(nn.Conv2d(c, c // 2, 1), nn.BatchNorm2d(c // 2)) for c in f[:-1]])
        self.wx = nn.ModuleList([nn.Sequential(nn.Conv2d(c, c // 2, 1), nn.BatchNorm2d(c // 2)) for c in f[:-1]])
        self.psi = nn.ModuleList([nn.Sequential(nn.Conv2d(c // 2, 1, 1), nn.BatchNorm2d(1)) for c in f[:-1]])
        self.dec = nn.ModuleList([block(2 * c, c) for c in f[:-1]])
        self.head = nn.Conv2d(f[0], cout, 1)

    def forward(self, x):
        skips = []
        for i, e in enumerate(self.enc):
            x = e(x if i == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        x = skips.pop()
        for i in reversed(range(len(self.dec))):
            u = self.up[i](x)
            s = skips[i]
            s = s * torch.sigmoid(self.psi[i](F.relu(self.wg[i](u) + self.wx[i](s))))
            x = self.dec[i](torch.cat([s, u], 1))
        return self.head(x)


def dyn_block(ci, co, stride):
    return nn.Sequential(nn.Conv2d(ci, co, 3, stride, 1, bias=False), nn.InstanceNorm2d(co, affine=True),
                         nn.LeakyReLU(0.01), nn.Conv2d(co, co, 3, 1, 1, bias=False),
                         nn.InstanceNorm2d(co, affine=True), nn.LeakyReLU(0.01))


class DynUNet(nn.Module):
    """DynUNet.builder(): MONAI 0.3.0's DynUNet as MONAIfbs builds it (strides 1, 2 x6, 1x2; six side heads)."""

    def __init__(self, cin=1, cout=2, strides=((1, 1),) + ((2, 2),) * 6 + ((1, 2),), filters=None):
        super().__init__()
        f = filters or [min(2 ** (5 + i), 512) for i in range(len(strides))]
        self.enc = nn.ModuleList([dyn_block(cin if i == 0 else f[i - 1], f[i], strides[i]) for i in range(len(f))])
        self.up = nn.ModuleList([nn.ConvTranspose2d(f[i + 1], f[i], strides[i + 1], strides[i + 1], bias=False)
                                 for i in range(len(f) - 1)])
        self.dec = nn.ModuleList([dyn_block(2 * f[i], f[i], 1) for i in range(len(f) - 1)])
        self.head = nn.Conv2d(f[0], cout, 1)
        self.sides = nn.ModuleList([nn.Conv2d(f[i], cout, 1) for i in range(1, len(f) - 1)])

    def forward(self, x):
        skips = []
        for e in self.enc:
            x = e(x)
            skips.append(x)
        x = skips.pop()
        for i in reversed(range(len(self.dec))):
            x = self.dec[i](torch.cat([self.up[i](x), skips[i]], 1))
        return self.head(x)


class ShiftedMlp(nn.Module):
    """UNeXt's shiftedBlock (mlp_ratio 1, shift size 5) on an image [N, C, H, W]."""

    def __init__(self, d):
        super().__init__()
        self.norm2, self.fc1, self.fc2 = nn.LayerNorm(d), nn.Linear(d, d), nn.Linear(d, d)
        self.dwconv = nn.Conv2d(d, d, 3, 1, 1, groups=d)

    @staticmethod
    def shift(x, axis):
        h, w = x.shape[2:]
        xs = torch.chunk(F.pad(x, (2, 2, 2, 2)), 5, 1)
        x = torch.cat([torch.roll(c, s, axis) for c, s in zip(xs, range(-2, 3))], 1)
        return x[:, :, 2:2 + h, 2:2 + w]

    def forward(self, x):
        n, c, h, w = x.shape
        t = x.flatten(2).transpose(1, 2)
        y = self.norm2(t).transpose(1, 2).reshape(n, c, h, w)
        y = self.fc1(self.shift(y, 2).flatten(2).transpose(1, 2)).transpose(1, 2).reshape(n, c, h, w)
        y = self.shift(F.gelu(self.dwconv(y)), 3)
        return (t + self.fc2(y.flatten(2).transpose(1, 2))).transpose(1, 2).reshape(n, c, h, w)


class TokenStage(nn.Module):
    def __init__(self, cin, d, embed):
        super().__init__()
        self.embed = nn.Sequential(nn.Conv2d(cin, d, 3, 2, 1)) if embed else None
        self.embed_norm = nn.LayerNorm(d) if embed else None
        self.block, self.norm = ShiftedMlp(d), nn.LayerNorm(d)

    @staticmethod
    def channel_norm(norm, x):
        return norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)

    def forward(self, x):
        if self.embed is not None:
            x = self.channel_norm(self.embed_norm, self.embed(x))
        return self.channel_norm(self.norm, self.block(x))


class UNeXt(nn.Module):
    """UNeXt.builder(): the authors' UNext (widths 16, 32, 128 | 160, 256)."""

    def __init__(self, cin=3, cout=1, c=(16, 32, 128), e=(160, 256)):
        super().__init__()
        conv = lambda i, o: nn.Conv2d(i, o, 3, 1, 1)
        self.convs = nn.ModuleList([conv(cin, c[0]), conv(c[0], c[1]), conv(c[1], c[2])])
        self.bns = nn.ModuleList([nn.BatchNorm2d(w) for w in c])
        self.tok = nn.ModuleList([TokenStage(c[2], e[0], True), TokenStage(e[0], e[1], True)])
        self.dtok = nn.ModuleList([TokenStage(None, e[0], False), TokenStage(None, c[2], False)])
        widths = [e[1], e[0], c[2], c[1], c[0]]
        self.dconvs = nn.ModuleList([conv(widths[i], widths[i + 1]) for i in range(4)] + [conv(c[0], c[0])])
        self.dbns = nn.ModuleList([nn.BatchNorm2d(widths[i + 1]) for i in range(4)])
        self.final = nn.Conv2d(c[0], cout, 1)

    def forward(self, x):
        skips = []
        for conv, bn in zip(self.convs, self.bns):
            x = F.relu(F.max_pool2d(bn(conv(x)), 2))
            skips.append(x)
        x = self.tok[0](x)
        skips.append(x)
        x = self.tok[1](x)
        up = lambda i, y: F.relu(F.interpolate(self.dbns[i](self.dconvs[i](y)), scale_factor=2, mode="bilinear"))
        x = self.dtok[0](up(0, x) + skips[3])
        x = self.dtok[1](up(1, x) + skips[2])
        x = up(2, x) + skips[1]
        x = up(3, x) + skips[0]
        return self.final(F.relu(F.interpolate(self.dconvs[4](x), scale_factor=2, mode="bilinear")))


def rebnconv(ci, co, d=1):
    return nn.Sequential(*conv_bn_relu(ci, co, dilation=d))


class RSU(nn.Module):
    """U2Net's RSU-L (height >= 4) or RSU-4F (height 0)."""

    def __init__(self, height, ci, m, co):
        super().__init__()
        self.dilated = height == 0
        levels = 3 if self.dilated else height - 1
        dil = [2 ** i if self.dilated else 1 for i in range(levels)]
        self.cin = rebnconv(ci, co)
        self.enc = nn.ModuleList([rebnconv(co if i == 0 else m, m, dil[i]) for i in range(levels)])
        self.bottom = rebnconv(m, m, 8 if self.dilated else 2)
        self.dec = nn.ModuleList([rebnconv(2 * m, co if i == 0 else m, dil[i]) for i in range(levels)])

    def forward(self, x):
        h = self.cin(x)
        skips, y = [], h
        for i, e in enumerate(self.enc):
            y = e(y if i == 0 or self.dilated else F.max_pool2d(y, 2, ceil_mode=True))
            skips.append(y)
        y = self.bottom(y)
        for i in reversed(range(len(self.dec))):
            if not self.dilated and i < len(self.dec) - 1:
                y = F.interpolate(y, size=skips[i].shape[2:], mode="bilinear")
            y = self.dec[i](torch.cat([y, skips[i]], 1))
        return y + h


class U2Net(nn.Module):
    """U2Net.builder(): the authors' U2NET (or U2NETP with lite=True)."""

    def __init__(self, cin=3, cout=1, lite=False):
        super().__init__()
        if lite:
            enc, dec = [(16, 64)] * 6, [(16, 64)] * 5
        else:
            enc = [(32, 64), (32, 128), (64, 256), (128, 512), (256, 512), (256, 512)]
            dec = [(16, 64), (32, 64), (64, 128), (128, 256), (256, 512)]
        heights = [7, 6, 5, 4, 0]
        self.enc = nn.ModuleList([RSU(heights[i], cin if i == 0 else enc[i - 1][1], *enc[i]) for i in range(5)])
        self.bottom = RSU(0, enc[4][1], *enc[5])
        below = [dec[i + 1][1] if i < 4 else enc[5][1] for i in range(5)]
        self.dec = nn.ModuleList([RSU(heights[i], below[i] + enc[i][1], *dec[i]) for i in range(5)])
        self.sides = nn.ModuleList([nn.Conv2d(w, cout, 3, padding=1) for w in [d[1] for d in dec] + [enc[5][1]]])
        self.fuse = nn.Conv2d(6 * cout, cout, 1)

    def forward(self, x):
        size, skips = x.shape[2:], []
        for i, e in enumerate(self.enc):
            x = e(x if i == 0 else F.max_pool2d(x, 2, ceil_mode=True))
            skips.append(x)
        levels = [None] * 6
        x = levels[5] = self.bottom(F.max_pool2d(x, 2, ceil_mode=True))
        for i in reversed(range(5)):
            x = levels[i] = self.dec[i](torch.cat([F.interpolate(x, size=skips[i].shape[2:], mode="bilinear"),
                                                   skips[i]], 1))
        sides = [F.interpolate(s(y), size=size, mode="bilinear") for s, y in zip(self.sides, levels)]
        return self.fuse(torch.cat(sides, 1))


class StdConv2d(nn.Conv2d):
    def forward(self, x):
        v, m = torch.var_mean(self.weight, dim=[1, 2, 3], keepdim=True, unbiased=False)
        return F.conv2d(x, (self.weight - m) / torch.sqrt(v + 1e-5), None, self.stride, self.padding)


class Bottleneck(nn.Module):
    def __init__(self, cin, cout, cmid, stride):
        super().__init__()
        g = lambda c: nn.GroupNorm(min(32, c), c, eps=1e-6)
        self.conv1, self.gn1 = StdConv2d(cin, cmid, 1, bias=False), g(cmid)
        self.conv2, self.gn2 = StdConv2d(cmid, cmid, 3, stride, 1, bias=False), g(cmid)
        self.conv3, self.gn3 = StdConv2d(cmid, cout, 1, bias=False), g(cout)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(StdConv2d(cin, cout, 1, stride, bias=False), nn.GroupNorm(cout, cout))

    def forward(self, x):
        r = x if self.proj is None else self.proj(x)
        y = F.relu(self.gn1(self.conv1(x)))
        y = F.relu(self.gn2(self.conv2(y)))
        return F.relu(self.gn3(self.conv3(y)) + r)


class TransUNet(nn.Module):
    """TransUNet.builder(): the authors' R50-ViT-B_16 (n_skip 3) for `classes` classes at `size` x `size`."""

    def __init__(self, cin=3, classes=9, size=224, width=64, units=(3, 4, 9), hidden=768, layers=12, heads=12,
                 mlp=3072, head=512, dec=(256, 128, 64, 16)):
        super().__init__()
        w = width
        self.root = nn.Sequential(StdConv2d(cin, w, 7, 2, 3, bias=False), nn.GroupNorm(min(32, w), w, eps=1e-6),
                                  nn.ReLU())
        stage = lambda ci, co, cm, n, s: nn.Sequential(Bottleneck(ci, co, cm, s),
                                                       *[Bottleneck(co, co, cm, 1) for _ in range(n - 1)])
        self.body = nn.ModuleList([stage(w, 4 * w, w, units[0], 1), stage(4 * w, 8 * w, 2 * w, units[1], 2),
                                   stage(8 * w, 16 * w, 4 * w, units[2], 2)])
        self.embed = nn.Conv2d(16 * w, hidden, 1)
        self.position = nn.Parameter(torch.zeros(1, (size // 16) ** 2, hidden))
        layer = nn.TransformerEncoderLayer(hidden, heads, mlp, 0.1, activation="gelu", layer_norm_eps=1e-6,
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(hidden, eps=1e-6))
        cbr = lambda i, o: nn.Sequential(*conv_bn_relu(i, o, bias=False))
        self.conv_more = cbr(hidden, head)
        skips, ins = [8 * w, 4 * w, w, 0], [head] + list(dec[:-1])
        self.dec = nn.ModuleList([nn.Sequential(cbr(i + s, o), cbr(o, o)) for i, o, s in zip(ins, dec, skips)])
        self.seg = nn.Conv2d(dec[-1], classes, 3, padding=1)

    def forward(self, x):
        x = self.root(x)
        features = [x]
        x = F.max_pool2d(x, 3, 2)
        for i, b in enumerate(self.body):
            x = b(x)
            if i < 2:
                right = features[0].shape[2] // (2 ** (i + 1))
                features.append(F.pad(x, (0, right - x.shape[3], 0, right - x.shape[2])))
        g = x.shape[2]
        z = self.encoder(self.embed(x).flatten(2).transpose(1, 2) + self.position)
        x = self.conv_more(z.transpose(1, 2).reshape(x.shape[0], -1, g, g))
        for i, d in enumerate(self.dec):
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)
            x = d(torch.cat([x, features[2 - i]], 1) if i < 3 else x)
        return self.seg(x)


ZOO = {"attention-unet": AttentionUNet, "dynunet": DynUNet, "unext": UNeXt, "u2net": U2Net, "transunet": TransUNet}


def network(req):
    if req["net"] in ZOO:
        return ZOO[req["net"]](**req.get("options", {}))
    if req["net"] == "plain":
        return PlainUNet(req["filters"], req.get("dims", 2))
    return ContinuousUNet(req["filters"], req["steps"])


def parameter_count(net):
    """The count as unet4j prints it: "29,608 parameters"."""
    return f"{sum(p.numel() for p in net.parameters()):,} parameters"


def batch(req):
    space = (req["size"],) * req.get("dims", 2)
    x = torch.randn(req["batch"], req.get("channels", 1), *space)
    y = (torch.rand(req["batch"], 1, *space) > 0.5).float()
    return x, y


def peak_rss_mib(fn):
    """The peak resident set size of this whole process (VmHWM, Linux) while fn runs, in MiB: the high-water mark is
    reset through /proc/self/clear_refs first, so the figure covers fn alone (interpreter and libraries included)."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    fn()
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise ValueError("no VmHWM in /proc/self/status")


def train_step(req):
    """Forward, BCE with logits, backward, Adam (lr 1e-3); with "memory", the peak RSS of one more step."""
    net = network(req)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    x, y = batch(req)
    loss = nn.BCEWithLogitsLoss()

    def step():
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()
    seconds = median_seconds(step, req["runs"], req["warmup"])
    note = parameter_count(net)
    if req.get("memory"):
        note += f", peak RSS {peak_rss_mib(step):,.0f} MiB"
    return seconds, note


def inference(req):
    """Forward in eval mode without a tape."""
    net = network(req).eval()
    x, _ = batch(req)
    with torch.no_grad():
        seconds = median_seconds(lambda: net(x), req["runs"], req["warmup"])
    return seconds, parameter_count(net)


def read_tensors(path):
    """The file DbUNetCheck writes: lines 'name d0,d1,... v0 v1 ...' of float64 values in Java's round-trip text."""
    tensors = {}
    with open(path) as lines:
        for line in lines:
            name, dims, *values = line.split()
            shape = [int(d) for d in dims.split(",")]
            tensors[name] = torch.tensor([float(v) for v in values], dtype=torch.float64).reshape(shape)
    return tensors


def db_check(req):
    """Loads unet4j's weights into the PyTorch model in float64 and compares outputs on unet4j's input."""
    tensors = read_tensors(req["file"])
    x, expected = tensors.pop("#input"), tensors.pop("#output")
    net = ContinuousUNet(req["filters"], req["steps"]).double()
    state = net.state_dict()
    if sorted(state) != sorted(tensors):
        raise ValueError(f"parameter names differ: only PyTorch {sorted(set(state) - set(tensors))}, "
                         f"only unet4j {sorted(set(tensors) - set(state))}")
    net.load_state_dict(tensors)
    with torch.no_grad():
        actual = net(x)
    difference = (actual - expected).abs().max().item()
    return difference, parameter_count(net)


# ---- SoftCut and its linear systems (SoftCutBenchmark, LinearSolverBenchmark) --------------------------------

def grid_edges(n, dims=2):
    """The edges (i, j) of an n^dims grid, axis by axis (vertical ones first in 2-D), as two index arrays."""
    idx = np.arange(n ** dims).reshape((n,) * dims)
    return (np.concatenate([np.take(idx, range(n - 1), axis=a).ravel() for a in range(dims)]),
            np.concatenate([np.take(idx, range(1, n), axis=a).ravel() for a in range(dims)]))


def softcut_matrix(N, rows, cols, w):
    """A = I + L_w, the graph Laplacian of edge weights w plus the identity, in COO form."""
    W = sp.coo_matrix((w, (rows, cols)), shape=(N, N))
    W = W + W.T
    return sp.eye(N) + sp.diags(np.asarray(W.sum(1)).ravel()) - W


def cg(A, b, x0, tolerance, callback=None):
    try:
        return spla.cg(A, b, x0=x0, rtol=tolerance, atol=0, callback=callback)
    except TypeError:  # SciPy < 1.12 calls the relative tolerance tol
        return spla.cg(A, b, x0=x0, tol=tolerance, atol=0, callback=callback)


def linear_solve(req):
    """One solve of (I + L_w) x = p on an n^dims grid (dims 2 unless given): spsolve (SuperLU, COLAMD ordering) or CG
    from x0 = p to 1e-6 ||p||."""
    rng = np.random.default_rng(0)
    dims = req.get("dims", 2)
    rows, cols = grid_edges(req["n"], dims)
    A = softcut_matrix(req["n"] ** dims, rows, cols, rng.random(rows.size) * 5).tocsc()
    p = rng.standard_normal(A.shape[0])
    if req["solver"] == "spsolve":
        return median_seconds(lambda: spla.spsolve(A, p), req["runs"], req["warmup"]), ""
    csr = A.tocsr()
    count = [0]

    def run():
        count[0] = 0

        def counted(_):
            count[0] += 1
        cg(csr, p, p.copy(), 1e-6, counted)
    seconds = median_seconds(run, req["runs"], req["warmup"])
    return seconds, f"{count[0]} iterations"


def softcut(req):
    """The SoftCut layer forward and backward by hand on an n^dims grid (dims 2 unless given): assemble A,
    x = A^-1 p, lambda = A^-1 g, dL/dw_ij = -(lambda_i - lambda_j)(x_i - x_j); spsolve or CG (relative 1e-6)."""
    rng = np.random.default_rng(0)
    n = req["n"]
    dims = req.get("dims", 2)
    N = n ** dims
    rows, cols = grid_edges(n, dims)
    w = rng.random(rows.size) * 5
    p = rng.standard_normal(N)
    g = rng.standard_normal(N)

    def solve(A, b):
        if req["solver"] == "spsolve":
            return spla.spsolve(A, b)
        return cg(A, b, b.copy(), 1e-6)[0]

    def step():
        A = softcut_matrix(N, rows, cols, w)
        A = A.tocsc() if req["solver"] == "spsolve" else A.tocsr()
        x = solve(A, p)
        lam = solve(A, g)
        return -(lam[rows] - lam[cols]) * (x[rows] - x[cols])
    return median_seconds(step, req["runs"], req["warmup"]), ""


# ---- max-flow (MaxFlowBenchmark) -------------------------------------------------------------------------------

OFFSETS = {"4": [(1, 0), (0, 1)], "8": [(1, 0), (0, 1), (1, 1), (1, -1)],
           "6": [(1, 0, 0), (0, 1, 0), (0, 0, 1)]}


def maxflow(req):
    """SciPy's Dinic on the same kind of grid graph: scores +1 in the ellipse(oid) and -1 outside plus N(0, sigma),
    or white noise N(0, 1); n-links U[0, 5] both ways; capacities scaled by 1000 and rounded (SciPy takes integers).
    Timed: assembling the CSR graph and the max-flow, as MaxFlowBenchmark times build and solve."""
    rng = np.random.default_rng(2024)
    dims = req["dims"]
    grid = np.indices(dims).reshape(len(dims), -1).T
    rel = (grid + 0.5) / np.array(dims)
    if req["scores"] == "white":
        p = rng.standard_normal(grid.shape[0])
    else:
        semi = np.array([0.3 if a % 2 == 0 else 0.2 for a in range(len(dims))])
        inside = (((rel - 0.5) / semi) ** 2).sum(1) < 1
        p = np.where(inside, 1.0, -1.0) + req["sigma"] * rng.standard_normal(grid.shape[0])
    scale = 1000
    N = grid.shape[0]
    s, t = N, N + 1
    heads, tails, caps = [], [], []
    node = np.arange(N).reshape(dims)
    for off in OFFSETS[req["neighbourhood"]]:
        src = node[tuple(slice(max(0, -o), d - max(0, o)) for o, d in zip(off, dims))].ravel()
        dst = node[tuple(slice(max(0, o), d - max(0, -o)) for o, d in zip(off, dims))].ravel()
        c = np.rint(rng.random(src.size) * 5 * scale)
        heads += [src, dst]
        tails += [dst, src]
        caps += [c, c]
    sources = np.flatnonzero(p > 0)
    sinks = np.flatnonzero(p < 0)
    heads += [np.full(sources.size, s), sinks]
    tails += [sources, np.full(sinks.size, t)]
    caps += [np.rint(p[sources] * scale), np.rint(-p[sinks] * scale)]
    heads, tails = np.concatenate(heads), np.concatenate(tails)
    caps = np.concatenate(caps).astype(np.int32)
    result = [None]

    def run():
        graph = sp.csr_matrix((caps, (heads, tails)), shape=(N + 2, N + 2))
        result[0] = maximum_flow(graph, s, t, method="dinic")
    seconds = median_seconds(run, req["runs"], req["warmup"])
    return seconds, f"flow {result[0].flow_value / scale:.1f}"


# ---- data loading (DataLoadingBenchmark) -----------------------------------------------------------------------

def decode(req):
    """A PIL + NumPy loop over the first `images` JPEG pairs of a Kvasir-layout folder: the image converted to RGB
    and resized bilinearly, the mask to grey and resized to nearest, both as float32 arrays (the image channels
    first, scaled to [0, 1]; the mask thresholded at 128), on `threads` threads as DataLoadingBenchmark decodes.
    Timed: one pass over the images. PIL is imported here, so that the other figures run without it."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path
    try:
        from PIL import Image
    except ImportError:
        raise RuntimeError("PIL is not installed for this Python: unet4j alone") from None
    folder = Path(req["folder"])
    names = sorted(p.name for p in (folder / "images").glob("*.jpg"))[:req["images"]]
    size = req["size"]

    def load(name):
        image = Image.open(folder / "images" / name).convert("RGB").resize((size, size), Image.BILINEAR)
        mask = Image.open(folder / "masks" / name).convert("L").resize((size, size), Image.NEAREST)
        x = np.asarray(image, dtype=np.float32).transpose(2, 0, 1) / 255
        y = (np.asarray(mask) >= 128).astype(np.float32)
        return x, y

    with ThreadPoolExecutor(max_workers=req["threads"]) as pool:
        def run():
            for _ in pool.map(load, names):
                pass
        seconds = median_seconds(run, req["runs"], req["warmup"])
    return seconds, f"{len(names)} images, {req['threads']} thread{'s' if req['threads'] > 1 else ''}"


FIGURES = {"sgemm": sgemm, "conv": conv, "train": train_step, "inference": inference, "db-check": db_check,
           "linear": linear_solve, "softcut": softcut, "maxflow": maxflow, "decode": decode}


def serve(threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    print(json.dumps({"ready": f"PyTorch {torch.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__},"
                               f" {threads} threads"}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            seconds, note = FIGURES[req["figure"]](req)
            answer = {"seconds": seconds, "note": note}
        except Exception as e:  # the answer names the failure; unet4j prints it in the table
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "serve":
        sys.exit("usage: reference.py serve THREADS   (started by `./unet4j bench ... --reference`)")
    serve(int(sys.argv[2]))
