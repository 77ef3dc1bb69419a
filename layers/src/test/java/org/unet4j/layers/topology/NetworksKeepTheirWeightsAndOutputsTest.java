package org.unet4j.layers.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SoftCutUNet;
import org.unet4j.layers.splitting.HybridSplittingNet;
import org.unet4j.layers.splitting.UNetFromSplitting;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.layers.unet.DownsamplingMode;
import org.unet4j.layers.unet.Head;
import org.unet4j.layers.unet.SkipMerge;
import org.unet4j.layers.unet.Stem;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;
import org.unet4j.solvers.ode.Gradients;

/**
 * Every network built on the one topology keeps, for a fixed seed, the parameter names, the initial weights (so the
 * initialisation order and the generator's draws), the module tree, the forward output on a fixed input and the
 * gradients of its sum: SHA-256 of each, recorded from the hand-wired networks the topology replaced. The pass runs
 * on the CPU, whose float64 kernels the recorded bits come from, whatever the default device.
 */
class NetworksKeepTheirWeightsAndOutputsTest {
    private static final Map<String, String> RECORDED = new LinkedHashMap<>();

    static {
        RECORDED.put("unet-same", "a16455169ea84c18f33e40ee");
        RECORDED.put("unet-valid", "d605736c378393ec9c8b9e00");
        RECORDED.put("unet-1d", "1ad4ef5b1126419ec9eee62b");
        RECORDED.put("unet-strided-residual", "28fc7d03a325d969d754baa0");
        RECORDED.put("unet-correction-pyramid", "9c3378a4042accc74e2b3404");
        RECORDED.put("db-unet-adjoint", "9098f9f92dfc5cb86f453bd5");
        RECORDED.put("continuous-unet-adjoint", "1856bd72c8eb2cd3b3ec3298");
        RECORDED.put("softcut-unet-base", "bd711b1d78b1fd9f489939e6");
        RECORDED.put("softcut-unet-cut", "e932babd5606c3a2e910dfe8");
        RECORDED.put("continuous-strided-transposed", "e767bf533aaf68945e471ab0");
        RECORDED.put("continuous-avg-nearest", "d781f0a4c963c615f199396c");
        RECORDED.put("unet-dense-inception-psp", "3f5818637914136ec2dc51e1");
        RECORDED.put("unet-1d-pyramid-correction-head", "25e031595e3ab548ff0a5947");
        RECORDED.put("unet-1d-strided-transposed-fo", "068c230bfc97ed85a20b4534");
        RECORDED.put("unet-one-level", "cdff20d087340eb1a2cdf607");
        RECORDED.put("hybrid-splitting", "00b3be6cf4eb5d4de87e8d9f");
        RECORDED.put("unet-from-splitting", "2bb077392d9bc63d4f901118");
    }

    @Test
    void everyNetworkMatchesItsRecordedFingerprint() {
        Map<String, String> now = new LinkedHashMap<>();
        now.put("unet-same", fingerprint(UNet.builder().seed(3).build(), input(2, 1, 16, 16), Module::forward));
        now.put("unet-valid", fingerprint(UNet.builder().levels(3).padding(ConvPadding.VALID).filters(2, 4, 8)
                .inChannels(2).outChannels(3).seed(5).build(), input(1, 2, 44, 52), Module::forward));
        now.put("unet-1d", fingerprint(UNet.builder().spatialDims(1).levels(3).padding(ConvPadding.VALID)
                .filters(2, 3, 4).downsampling(DownsamplingMode.AVG_POOL).upsampling(UpsamplingMode.BILINEAR)
                .stem(Stem.convolution(2, 3, Norm.NONE, Activation.TANH)).seed(6).build(), input(2, 1, 46),
                Module::forward));
        now.put("unet-strided-residual", fingerprint(UNet.builder().levels(3).filters(4, 4, 4)
                .block(Block.residual()).downsampling(DownsamplingMode.STRIDED_CONV)
                .upsampling(UpsamplingMode.NEAREST).skipMerge(SkipMerge.ADD).norm(Norm.GROUP).dropout(0.2).seed(7)
                .build(), input(2, 1, 8, 12), Module::forward));
        now.put("unet-correction-pyramid", fingerprint(UNet.builder().levels(3).filters(2, 3, 4).inChannels(2)
                .block(Block.imageFed()).imagePyramid(true).skipMerge(SkipMerge.CORRECTION)
                .upsamplingKeepsChannels(true).upsampling(UpsamplingMode.NEAREST).padding(ConvPadding.VALID)
                .seed(8).build(), input(1, 2, 44, 48), Module::forward));
        now.put("db-unet-adjoint", fingerprint(UNet.builder().levels(3).filters(2, 4, 4).norm(Norm.GROUP)
                .block(Block.dynamic("rk4", 2)).gradients(Gradients.ADJOINT).seed(9).build(), input(2, 1, 8, 8),
                Module::forward));
        now.put("continuous-unet-adjoint", fingerprint(ContinuousUNet.builder().filters(2, 4, 4)
                .gradients(Gradients.ADJOINT).seed(10).build(), input(2, 1, 8, 8), Module::forward));
        now.put("softcut-unet-base", fingerprint(SoftCutUNet.builder().filters(3, 4, 5).seed(11).build(),
                input(2, 1, 8, 12), Module::forward));
        now.put("softcut-unet-cut", fingerprint(SoftCutUNet.builder().filters(3, 4).cut(SoftCut.create()).seed(12)
                .build(), input(2, 1, 8, 12), (net, x) -> {
                    var in = ((SoftCutUNet) net).cutInputs(x);
                    return Tensor.concat(3, in.scores(), in.weights().get(1)).add(in.weights().get(0).sum());
                }));
        now.put("continuous-strided-transposed", fingerprint(ContinuousUNet.builder().filters(2, 3, 4)
                .downsampling(DownsamplingMode.STRIDED_CONV).upsampling(UpsamplingMode.TRANSPOSED)
                .block(Block.firstOrder("rk4", 2)).seed(14).build(), input(2, 1, 8, 8), Module::forward));
        now.put("continuous-avg-nearest", fingerprint(ContinuousUNet.builder().filters(2, 2).factor(3)
                .downsampling(DownsamplingMode.AVG_POOL).upsampling(UpsamplingMode.NEAREST)
                .block(Block.referenceDynamic("euler", 2)).seed(15).build(), input(1, 1, 9, 6), Module::forward));
        now.put("unet-dense-inception-psp", fingerprint(UNet.builder().levels(3).filters(4, 4, 8)
                .encoderBlock(Block.dense()).bottleneckBlock(Block.inception())
                .decoderBlock(Block.pyramidPooling(1, 2)).norm(Norm.INSTANCE).activation(Activation.SILU)
                .upsampling(UpsamplingMode.BILINEAR).seed(16).build(), input(2, 1, 8, 8), Module::forward));
        now.put("unet-1d-pyramid-correction-head", fingerprint(UNet.builder().spatialDims(1).levels(3).inChannels(2)
                .filters(2, 3, 4).stem(Stem.convolution(3, 3, Norm.BATCH, Activation.SIGMOID))
                .block(Block.imageFed()).imagePyramid(true).skipMerge(SkipMerge.CORRECTION)
                .upsamplingKeepsChannels(true).upsampling(UpsamplingMode.NEAREST).padding(ConvPadding.VALID)
                .head(Head.of("smooth", (in, out, st) -> st.convolution(in, out, 3).padding(Padding.SAME)
                        .build(st.rng())))
                .seed(17).build(), input(2, 2, 54), Module::forward));
        now.put("unet-1d-strided-transposed-fo", fingerprint(UNet.builder().spatialDims(1).levels(2).filters(2, 3)
                .factor(3).downsampling(DownsamplingMode.STRIDED_CONV).block(Block.firstOrder("rk4", 2)
                        .checkpointEvery(1)).norm(Norm.GROUP).seed(18).build(), input(2, 1, 12), Module::forward));
        now.put("unet-one-level", fingerprint(UNet.builder().levels(1).factor(3).filters(3).block(Block.residual())
                .padding(ConvPadding.VALID).seed(19).build(), input(1, 1, 9, 7), Module::forward));
        HybridSplittingNet splitting = HybridSplittingNet.builder().channels(2, 3, 4).blocks(1).seed(13).build();
        now.put("hybrid-splitting", fingerprint(splitting, input(2, 1, 8, 8), Module::forward));
        now.put("unet-from-splitting", fingerprint(UNetFromSplitting.convert(splitting), input(2, 1, 8, 8),
                Module::forward));
        assertEquals(RECORDED, now);
    }

    private static Tensor input(int... dims) {
        return Tensor.randn(new SplittableRandom(2026), DType.FLOAT64, dims).to(Device.CPU);
    }

    /**
     * SHA-256 of the parameter names, the module tree (and a U-Net's summary), the weights, the output and the
     * gradients of its sum.
     */
    private static String fingerprint(Module net, Tensor x, BiFunction<Module, Tensor, Tensor> f) {
        net.to(Device.CPU).to(DType.FLOAT64);
        MessageDigest sha = sha256();
        sha.update(String.join(",", net.namedParameters().keySet()).getBytes(StandardCharsets.UTF_8));
        sha.update(net.toString().getBytes(StandardCharsets.UTF_8));
        if (net instanceof UNet unet) {
            sha.update(unet.summary(x.shape()).getBytes(StandardCharsets.UTF_8));
        }
        net.namedParameters().values().forEach(p -> digest(sha, p.tensor()));
        net.zeroGrad();
        Tensor out = f.apply(net, x);
        digest(sha, out);
        out.sum().backward();
        net.namedParameters().values().forEach(p -> digest(sha, p.grad()));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    }

    private static void digest(MessageDigest sha, Tensor t) {
        sha.update(t.shape().toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < t.size(); i++) {
            long bits = Double.doubleToRawLongBits(t.flatGet(i));
            for (int b = 0; b < 8; b++) {
                sha.update((byte) (bits >>> (8 * b)));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
