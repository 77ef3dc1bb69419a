package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.resnet.ResNet;
import org.unet4j.layers.resnet.ResNetUNet;
import org.unet4j.layers.topology.UNetModules;

class SoftCutResNetUNetTest {
    private static final ResNet TINY = ResNet.RESNET18.withWidths(4, 8, 16, 32);
    private static final ResNet NARROWEST = ResNet.of(new int[] {1, 1, 1, 1}, new int[] {2, 2, 2, 2});

    private static SoftCutResNetUNet.Builder tiny() {
        return SoftCutResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).inChannels(1);
    }

    @Test
    void theThesisNetworksHaveOneEncoderAndTwoDecodersOfSmpsSize() {
        // encoder 11,176,512 / 21,284,672 (the thesis's 11M / 21M), two decoders of 3,151,552 (its 3M), smp's 3x3
        // score head (16 * 9 + 1) and the 1 x 2 edge head (16 * 2 + 1)
        SoftCutResNetUNet r18 = SoftCutResNetUNet.builder().encoder(ResNet.RESNET18).cut(SoftCut.create()).build();
        assertEquals(11_176_512 + 2 * 3_151_552 + 145 + 33, r18.parameterCount());
        assertEquals(17_479_794, r18.parameterCount());
        SoftCutResNetUNet r34 = SoftCutResNetUNet.builder().encoder(ResNet.RESNET34).cut(SoftCut.create()).build();
        assertEquals(27_587_954, r34.parameterCount());
        assertEquals(24_436_369, SoftCutResNetUNet.builder().encoder(ResNet.RESNET34).build().parameterCount(),
                "without a cut: smp's Unet('resnet34', classes=1)");
    }

    @Test
    void withoutACutItIsSmpsUNetWeightForWeight() {
        Tensor x = Tensor.rand(new SplittableRandom(5), 2, 1, 32, 64);
        var base = tiny().seed(7).build();
        var smp = ResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).inChannels(1).seed(7).build();
        assertEquals(smp.parameterCount(), base.parameterCount());
        assertArrayEquals(smp.forward(x).toDoubleArray(), base.forward(x).toDoubleArray(), 0);
        assertThrows(IllegalStateException.class, () -> base.cutInputs(x));
    }

    @Test
    void transposedFeaturesSwapTheRowAndColumnWeightsAndTransposeEachExactly() {
        var net = tiny().cut(SoftCut.create()).seed(2).build();
        UNetModules.Encoded features = net.encoder().encode(Tensor.rand(new SplittableRandom(3), 2, 1, 32, 64));
        List<Tensor> w = net.edgeWeights(features);
        List<Tensor> wt = net.edgeWeights(features.map(t -> t.transpose(2, 3)));
        assertArrayEquals(new int[] {2, 1, 31, 64}, w.get(0).dims(), "axis 0 (columns): N x 1 x (H-1) x W");
        assertArrayEquals(new int[] {2, 1, 32, 63}, w.get(1).dims(), "axis 1 (rows): N x 1 x H x (W-1)");
        assertArrayEquals(w.get(1).transpose(2, 3).toDoubleArray(), wt.get(0).toDoubleArray(), 0);
        assertArrayEquals(w.get(0).transpose(2, 3).toDoubleArray(), wt.get(1).toDoubleArray(), 0);
        assertTrue(w.get(0).neg().max().item() < 0 && w.get(1).neg().max().item() < 0,
                "softplus keeps the weights positive");
    }

    @Test
    void withTransposeSymmetricKernelsTransposingTheInputTransposesScoresAndSwapsTheWeights() {
        // the encoder and the score decoder are transpose-equivariant when every square kernel is symmetric (w = w^T);
        // the edge branch is so by construction, one decoder serving both axes
        var net = tiny().cut(SoftCut.create()).seed(4).build();
        net.to(Device.CPU).to(DType.FLOAT64);
        for (Parameter p : net.parameters()) {
            int[] d = p.shape().dims();
            if (d.length == 4 && d[2] == d[3] && d[2] > 1) {
                Tensor w = p.tensor().detach();
                p.set(w.add(w.transpose(2, 3)).mul(0.5));
            }
        }
        Tensor x = Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 2, 1, 32, 64).to(Device.CPU);
        CutInputs in = net.cutInputs(x);
        CutInputs transposed = net.cutInputs(x.transpose(2, 3));
        assertArrayEquals(in.scores().transpose(2, 3).toDoubleArray(), transposed.scores().toDoubleArray(), 1e-12);
        assertArrayEquals(in.weights().get(1).transpose(2, 3).toDoubleArray(),
                transposed.weights().get(0).toDoubleArray(), 1e-12);
        assertArrayEquals(in.weights().get(0).transpose(2, 3).toDoubleArray(),
                transposed.weights().get(1).toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsThroughEncoderDecodersAndTheExactCutMatchCentralDifferences() {
        // every parameter, the input held fixed; a step of 1e-7 (a stem weight moves every activation at once, and
        // steps of 1e-6 cross ReLU and max-pool kinks)
        var net = SoftCutResNetUNet.builder().encoder(NARROWEST).decoderChannels(2, 2, 2, 2, 2).inChannels(1)
                .cut(SoftCut.builder().solver(SoftCut.Solver.EXACT).build()).seed(3).build();
        assertEquals(446 + 2 * 544 + 19 + 5, net.parameterCount());
        net.to(Device.CPU).to(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 32, 32).to(Device.CPU);
        List<Parameter> params = net.parameters();
        GradCheck.withDefaults().eps(1e-7).verify(in -> {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).set(in[i]);
            }
            return net.forward(x);
        }, params.stream().map(Parameter::tensor).toArray(Tensor[]::new));
    }

    @Test
    void theMulticlassNetworkCutsEveryClassWithOneSharedPairOfWeightMaps() {
        Tensor x = Tensor.rand(new SplittableRandom(8), 2, 1, 32, 32);
        var net = tiny().classes(3).cut(SoftCut.create()).seed(2).build();
        CutInputs in = net.cutInputs(x);
        assertArrayEquals(new int[] {2, 3, 32, 32}, in.scores().dims());
        assertArrayEquals(new int[] {2, 1, 31, 32}, in.weights().get(0).dims());
        assertArrayEquals(MulticlassCut.of(SoftCut.create()).apply(in.scores(), in.weights()).toDoubleArray(),
                net.forward(x).toDoubleArray(), 1e-6);
        var binary = tiny().cut(SoftCut.create()).seed(2).build();
        assertEquals(2 * (4 * 9 + 1), net.parameterCount() - binary.parameterCount(), "two more 3x3 score maps");
    }

    @Test
    void aFewAdamStepsLowerTheDiceLossThroughTheCut() {
        Tensor[] data = org.unet4j.layers.zoo.TrainingSanity.images(1, 32);
        var net = tiny().cut(SoftCut.create()).seed(9).build();
        Adam adam = new Adam(net.parameters(), 1e-2);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 10; step++) {
            adam.zeroGrad();
            Tensor loss = Losses.dice(net.forward(data[0]).sigmoid(), data[1]);
            loss.backward();
            adam.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < 0.8 * first, "dice loss " + first + " -> " + last);
    }
}
