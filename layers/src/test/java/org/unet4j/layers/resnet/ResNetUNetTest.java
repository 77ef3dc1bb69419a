package org.unet4j.layers.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.zoo.TrainingSanity;

class ResNetUNetTest {
    private static final ResNet TINY = ResNet.RESNET18.withWidths(4, 8, 16, 32);

    @Test
    void smpsUNetOnResNet18AndResNet34HasSmpsParameterCountsAndTheThesisFigures() {
        // smp.Unet("resnet18" / "resnet34", encoder_weights=None, classes=1), rebuilt layer by layer in PyTorch 1.13
        // (torchvision's BasicBlock ResNet without avgpool/fc, smp's UnetDecoder and 3x3 SegmentationHead)
        ResNetUNet r18 = ResNetUNet.builder().encoder(ResNet.RESNET18).build();
        assertEquals(14_328_209, r18.parameterCount());
        assertEquals(11_176_512, r18.encoder().parameterCount(), "the thesis's resnet18 '(11M parameters)'");
        assertEquals(3_151_552, r18.namedChildren().get("decoder").parameterCount(), "the thesis's decoders '(3M)'");
        ResNetUNet r34 = ResNetUNet.builder().encoder(ResNet.RESNET34).build();
        assertEquals(24_436_369, r34.parameterCount());
        assertEquals(21_284_672, r34.encoder().parameterCount(), "the thesis's resnet34 '(21M parameters)'");
        assertEquals(3_151_552, r34.namedChildren().get("decoder").parameterCount());
    }

    @Test
    void smallConfigurationsHaveTheirPyTorchTwinsParameterCounts() {
        // the same twin: encoder + decoder + head
        assertEquals(446 + 544 + 19, ResNetUNet.builder().encoder(ResNet.of(new int[] {1, 1, 1, 1},
                new int[] {2, 2, 2, 2})).decoderChannels(2, 2, 2, 2, 2).inChannels(1).build().parameterCount());
        assertEquals(44_772 + 13_984 + 37, ResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).build()
                .parameterCount());
        assertEquals(84_692 + 13_984 + 37, ResNetUNet.builder().encoder(ResNet.RESNET34.withWidths(4, 8, 16, 32))
                .decoderChannels(16, 8, 8, 4, 4).build().parameterCount());
    }

    @Test
    void theEncodersStateCarriesTorchvisionsNames() {
        Map<String, Tensor> r18 = new ResNetEncoder(ResNet.RESNET18.withWidths(2, 4, 4, 8), 3, new SplittableRandom(0))
                .stateDict();
        // torchvision's resnet18 state_dict without fc.* and the 20 num_batches_tracked: 20 convolutions, 20 batch
        // norms of four tensors each
        assertEquals(100, r18.size());
        for (String name : List.of("conv1.weight", "bn1.running_var", "layer1.1.conv2.weight",
                "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_mean", "layer4.1.bn2.bias")) {
            assertTrue(r18.containsKey(name), name);
        }
        assertFalse(r18.containsKey("layer1.0.downsample.0.weight"), "layer1 keeps width and size: no projection");
        assertEquals(180, new ResNetEncoder(ResNet.RESNET34.withWidths(2, 4, 4, 8), 3, new SplittableRandom(0))
                .stateDict().size(), "36 convolutions and 36 batch norms");
    }

    @Test
    void theSkipsAreTheStemAndStagesAtHalfToOneSixteenthAndTheBottomAtOneThirtySecond() {
        ResNetEncoder encoder = new ResNetEncoder(TINY, 3, new SplittableRandom(1));
        UNetModules.Encoded e = encoder.encode(Tensor.rand(new SplittableRandom(2), 2, 3, 64, 96));
        assertArrayEquals(new int[] {2, 3, 64, 96}, e.skips().get(0).dims(), "the input, which the decoder skips");
        assertArrayEquals(new int[] {2, 4, 32, 48}, e.skips().get(1).dims());
        assertArrayEquals(new int[] {2, 4, 16, 24}, e.skips().get(2).dims());
        assertArrayEquals(new int[] {2, 8, 8, 12}, e.skips().get(3).dims());
        assertArrayEquals(new int[] {2, 16, 4, 6}, e.skips().get(4).dims());
        assertArrayEquals(new int[] {2, 32, 2, 3}, e.bottom().dims());
        ResNetUNet net = ResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).classes(3).build();
        assertArrayEquals(new int[] {2, 3, 64, 96}, net.forward(Tensor.rand(new SplittableRandom(3), 2, 3, 64, 96))
                .dims());
    }

    @Test
    void sizesThatAreNotMultiplesOf32AreRejectedWithTheNearestValidOnes() {
        ResNetUNet net = ResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).build();
        String m = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 3, 48, 64)))
                .getMessage();
        assertTrue(m.contains("multiples of 32") && m.contains("H 32 or 64, W 64"), m);
        m = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 1, 64, 64))).getMessage();
        assertTrue(m.contains("N x 3 x H x W"), m);
        m = assertThrows(IllegalArgumentException.class, () -> ResNetUNet.builder().decoderChannels(256, 128, 64, 32))
                .getMessage();
        assertTrue(m.contains("five"), m);
    }

    @Test
    void withTheSameWeightsItComputesWhatItsPyTorchTwinComputes() {
        // the PyTorch twin (torchvision BasicBlock ResNet, smp UnetDecoder, 3x3 head; float64, training-mode batch
        // norm) with every parameter t (in state_dict order) set to sin(0.61 j + 1.7 t + 0.3), scaled by
        // 0.5 / sqrt(fan-in) for weights of rank >= 2, 1 + 0.1 x for batch-norm scales, 0.1 x for shifts and biases
        ResNetUNet net = ResNetUNet.builder().encoder(ResNet.of(new int[] {2, 1, 1, 2}, new int[] {4, 8, 8, 16}))
                .decoderChannels(8, 8, 4, 4, 4).inChannels(2).classes(2).build();
        net.to(Device.CPU).to(DType.FLOAT64);
        int t = 0;
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            int[] dims = p.shape().dims();
            double[] v = new double[p.size()];
            for (int j = 0; j < v.length; j++) {
                double s = Math.sin(0.61 * j + 1.7 * t + 0.3);
                v[j] = dims.length >= 2 ? 0.5 * s / Math.sqrt((double) v.length / dims[0])
                        : e.getKey().endsWith("weight") ? 1 + 0.1 * s : 0.1 * s;
            }
            p.set(Tensor.wrap(v, dims).to(Device.CPU));
            t++;
        }
        assertEquals(80, t, "as many parameter tensors as the twin");
        assertEquals(17_082, net.parameterCount());
        double[] x = new double[2 * 2 * 64 * 32];
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.sin(0.05 * j) + 0.5 * Math.cos(0.013 * j * (double) j / 1000 + 0.2 * j);
        }
        Tensor y = net.forward(Tensor.wrap(x, 2, 2, 64, 32).to(Device.CPU));
        assertArrayEquals(new int[] {2, 2, 64, 32}, y.dims());
        assertEquals(1.376894527058636e+02, y.sum().item(), 1e-9);
        assertEquals(5.536397450500435e+02, y.mul(y).sum().item(), 1e-9);
        assertEquals(1.550817405700003e-01, y.get(0, 0, 0, 0), 1e-12);
        assertEquals(6.971913197850349e-02, y.get(0, 1, 17, 5), 1e-12);
        assertEquals(1.056800418082424e-01, y.get(1, 0, 63, 31), 1e-12);
        assertEquals(-8.100745956428496e-02, y.get(1, 1, 40, 12), 1e-12);
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferences() {
        // a step of 1e-7: a stem weight moves every activation at once, and steps of 1e-6 cross ReLU and max-pool kinks
        ResNetUNet net = ResNetUNet.builder().encoder(ResNet.of(new int[] {1, 1, 1, 1}, new int[] {2, 2, 2, 2}))
                .decoderChannels(2, 2, 2, 2, 2).inChannels(1).seed(3).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 32, 32),
                GradCheck.withDefaults().eps(1e-7));
    }

    @Test
    void aSmallConfigurationLearnsGeneratedMasks() {
        ResNetUNet net = ResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).inChannels(1).seed(1)
                .build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 1e-2, 150);
    }
}
