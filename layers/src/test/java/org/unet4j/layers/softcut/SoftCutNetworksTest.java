package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.optim.Adam;

class SoftCutNetworksTest {
    private final Tensor images = Tensor.rand(new SplittableRandom(31), 2, 1, 8, 12);

    private static void assertEveryParameterGetsAGradient(Module net, Tensor input) {
        net.zeroGrad();
        net.forward(input).sigmoid().mean().backward();
        for (var e : net.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, e.getKey());
            assertTrue(g.abs().sum().item() > 0, e.getKey() + " has a zero gradient");
        }
    }

    @Test
    void baseNetworkShapesAndGradients() {
        var base = SoftCutBaseNet.builder().hidden(4).seed(1).build();
        assertArrayEquals(new int[] {2, 1, 8, 12}, base.forward(images).dims());
        assertThrows(IllegalStateException.class, () -> base.cutInputs(images));

        var withCut = SoftCutBaseNet.builder().hidden(4).cut(SoftCut.create()).seed(1).build();
        CutInputs in = withCut.cutInputs(images);
        assertArrayEquals(new int[] {2, 1, 7, 12}, in.weights().get(0).dims());
        assertArrayEquals(new int[] {2, 1, 8, 11}, in.weights().get(1).dims());
        assertTrue(in.weights().get(0).neg().max().item() < 0, "exp weights are positive");
        assertArrayEquals(new int[] {2, 1, 8, 12}, withCut.forward(images).dims());
        assertArrayEquals(new int[] {2, 1, 8, 12}, in.hard().dims());
        assertEveryParameterGetsAGradient(withCut, images);
    }

    @Test
    void theUNetHasOneEdgeDecoderForBothAxes() {
        var net = SoftCutUNet.builder().filters(4, 8).cut(SoftCut.create()).seed(2).build();
        CutInputs original = net.cutInputs(images);
        assertArrayEquals(new int[] {2, 1, 7, 12}, original.weights().get(0).dims());
        assertArrayEquals(new int[] {2, 1, 8, 11}, original.weights().get(1).dims());
        assertEveryParameterGetsAGradient(net, images);
        var base = SoftCutUNet.builder().filters(4, 8).seed(2).build();
        long edgeDecoder = net.namedChildren().get("edgeDecoder").parameterCount();
        assertEquals(edgeDecoder + 2 * 4 + 1, net.parameterCount() - base.parameterCount(),
                "one decoder and one 1 x 2 head serve both axes");
        String m = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.rand(new SplittableRandom(3), 1, 1, 7, 8))).getMessage();
        assertTrue(m.contains("multiples of 2"), m);
    }

    @Test
    void theSubmodularBaselineTakesSoftCutsPlaceInBothNetworks() {
        // the TV layer runs on the host only: this test keeps its networks and images there on every device
        Tensor images = this.images.to(Device.CPU);
        var net = SoftCutBaseNet.builder().hidden(4).cut(SubmodularTotalVariation.create()).seed(5).build();
        net.to(Device.CPU);
        CutInputs in = net.cutInputs(images);
        assertArrayEquals(in.relaxed(SubmodularTotalVariation.create()).toDoubleArray(),
                net.forward(images).toDoubleArray(), 0);
        // at initialisation the weights (about 1) flatten the small scores into one block, where no edge weight
        // has a gradient (every edge lies inside the block); brighter images give scores with jumps
        net.zeroGrad();
        net.forward(images).sigmoid().mean().backward();
        Tensor flat = net.namedParameters().get("edgeFeatures.0.weight").grad();
        assertTrue(flat == null || flat.abs().sum().item() == 0, "a flat solution passes no gradient to the weights");
        Tensor bright = images.mul(100);
        assertEveryParameterGetsAGradient(net, bright);
        var unet = SoftCutUNet.builder().filters(4, 8).cut(SubmodularTotalVariation.create()).seed(6).build();
        unet.to(Device.CPU);
        assertArrayEquals(unet.cutInputs(images).relaxed(SubmodularTotalVariation.create()).toDoubleArray(),
                unet.forward(images).toDoubleArray(), 0);
    }

    @Test
    void theMulticlassUNetCutsEveryClassWithOneSharedPairOfWeightMaps() {
        var net = SoftCutUNet.builder().filters(4, 8).classes(3).cut(SoftCut.create()).seed(2).build();
        CutInputs in = net.cutInputs(images);
        assertArrayEquals(new int[] {2, 3, 8, 12}, in.scores().dims());
        assertArrayEquals(new int[] {2, 1, 7, 12}, in.weights().get(0).dims());
        assertArrayEquals(new int[] {2, 1, 8, 11}, in.weights().get(1).dims());
        assertArrayEquals(MulticlassCut.of(SoftCut.create()).apply(in.scores(), in.weights()).toDoubleArray(),
                net.forward(images).toDoubleArray(), 0);
        assertTrue(assertThrows(IllegalStateException.class, in::hard).getMessage().contains("binary"));
        assertEveryParameterGetsAGradient(net, images);
        var binary = SoftCutUNet.builder().filters(4, 8).cut(SoftCut.create()).seed(2).build();
        assertEquals(2 * (4 + 1), net.parameterCount() - binary.parameterCount(), "two more 1 x 1 score channels");
    }

    @Test
    void aFewAdamStepsLowerTheCrossEntropyOfTheMulticlassUNet() {
        // background, a class-1 square and a class-2 bar; the image shows the classes as grey levels
        double[] classes = new double[2 * 8 * 12];
        for (int n = 0; n < 2; n++) {
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 12; c++) {
                    classes[(n * 8 + r) * 12 + c] = r >= 2 && r < 6 && c >= 1 && c < 5 ? 1 : c >= 8 ? 2 : 0;
                }
            }
        }
        Tensor target = Tensor.wrap(classes, 2, 8, 12).to(DType.FLOAT32).to(Device.defaultDevice());
        Tensor image = target.mul(0.5f).reshape(2, 1, 8, 12);
        var net = SoftCutUNet.builder().filters(4, 8).classes(3).cut(SoftCut.create()).seed(8).build();
        Adam adam = new Adam(net.parameters(), 0.02);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 15; step++) {
            adam.zeroGrad();
            Tensor loss = Losses.crossEntropy(net.forward(image), target);
            loss.backward();
            adam.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < first, "cross-entropy " + first + " -> " + last);
    }

    @Test
    void aFewAdamStepsLowerTheDiceLossThroughTheCut() {
        for (RelaxedCut cut : List.of(SoftCut.create(), SubmodularTotalVariation.create())) {
            aFewAdamStepsLowerTheDiceLossThrough(cut);
        }
    }

    private static void aFewAdamStepsLowerTheDiceLossThrough(RelaxedCut cut) {
        Tensor mask = Tensor.wrap(new float[2 * 8 * 12], 2, 1, 8, 12);
        for (int r = 2; r < 6; r++) {
            for (int c = 3; c < 9; c++) {
                mask.set(1, 0, 0, r, c);
                mask.set(1, 1, 0, r, c);
            }
        }
        // SoftCut's CG also solves on a device; the TV layer runs on the host only
        Device device = cut instanceof SoftCut ? Device.defaultDevice() : Device.CPU;
        Tensor target = Tensor.of(mask.floats(), mask.dims()).to(device);
        var net = SoftCutBaseNet.builder().hidden(4).activation(EdgeWeightActivation.SOFTPLUS)
                .cut(cut).seed(4).build();
        net.to(device);
        List<Parameter> parameters = net.parameters();
        Adam adam = new Adam(parameters, 0.02);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 15; step++) {
            adam.zeroGrad();
            Tensor loss = Losses.dice(net.forward(target).sigmoid(), target);
            loss.backward();
            adam.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < first, cut + ": dice loss " + first + " -> " + last);
        assertEquals(DType.FLOAT32, net.forward(target).dtype());
    }
}
