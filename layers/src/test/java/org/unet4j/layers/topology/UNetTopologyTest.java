package org.unet4j.layers.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.unet.UNet;

/**
 * The one topology expresses what the next networks need without a hand-wired class: a join with learned
 * parameters of its own (an attention gate), deep-supervision side outputs, per-level factors and VALID blocks whose
 * size rules follow from the parts, and it names the missing 3-D layers.
 */
class UNetTopologyTest {
    private final SplittableRandom rng = new SplittableRandom(1);

    /** A module owning the topology's parts under their names. */
    private static final class Host extends Module {
        private final UNetModules modules;

        Host(UNetTopology topology) {
            modules = topology.build(this::registerChild);
        }

        @Override
        public Tensor forward(Tensor input) {
            return modules.forward(input);
        }
    }

    private Conv2d same(int in, int out) {
        return Conv2d.builder(in, out, 3).padding(Padding.SAME).build(rng);
    }

    private Conv2d valid(int in, int out) {
        return Conv2d.builder(in, out, 3).build(rng);
    }

    /** y = decoder([sigmoid(gate(u)) s, u]): an additive-attention-style gate with its own 1x1 convolution. */
    private static SkipJoin gated() {
        return (skip, up, gate, block, space) -> {
            Tensor s = space.cropTo(skip, up);
            return block.apply(Tensor.concat(1, gate.forward(up).sigmoid().mul(s), up));
        };
    }

    @Test
    void aGatedJoinOwnsAModuleMadeAfterItsDecoderBlock() {
        SpatialLayers space = SpatialLayers.of(2);
        UNetTopology topology = UNetTopology.builder(space)
                .level(UNetTopology.level()
                        .encoder(Part.of("encoder0", () -> same(1, 4)))
                        .down(Part.of("down0", () -> space.maxPool(2)))
                        .up(Part.of("up0", () -> space.transposedConvolution(8, 4, 2, rng)))
                        .join(gated(), Part.of("gate0", () -> Conv2d.builder(4, 1, 1).build(rng)))
                        .decoder(Part.of("decoder0", () -> same(8, 4))))
                .bottleneck(Part.of("bottleneck", () -> same(4, 8)))
                .head(Part.of("head", () -> Conv2d.builder(4, 2, 1).build(rng)))
                .build();
        Host net = new Host(topology);
        assertEquals(List.of("encoder0", "down0", "bottleneck", "up0", "decoder0", "gate0", "head"),
                List.copyOf(net.namedChildren().keySet()));
        assertArrayEquals(new int[] {3, 2, 8, 12}, net.forward(Tensor.randn(rng, 3, 1, 8, 12)).dims());
    }

    @Test
    void deepSupervisionReadsEveryDecoderLevelAtItsResolution() {
        SpatialLayers space = SpatialLayers.of(2);
        UNetTopology.Builder b = UNetTopology.builder(space);
        int[] c = {2, 4, 8};
        for (int i = 0; i < 2; i++) {
            int level = i;
            b.level(UNetTopology.level()
                    .encoder(Part.of("encoder" + i, () -> same(level == 0 ? 1 : c[level - 1], c[level])))
                    .down(Part.unnamed(space.maxPool(2)))
                    .up(Part.of("up" + i, () -> space.transposedConvolution(c[level + 1], c[level], 2, rng)))
                    .decoder(Part.of("decoder" + i, () -> same(2 * c[level], c[level])))
                    .side(Part.of("side" + i, () -> Conv2d.builder(c[level], 1, 1).build(rng))));
        }
        UNetModules modules = new Host(b.bottleneck(Part.of("bottleneck", () -> same(4, 8))).build()).modules;
        List<Tensor> levels = modules.decodeLevels(modules.encode(Tensor.randn(rng, 2, 1, 16, 8)));
        List<Tensor> sides = modules.sideOutputs(levels);
        assertEquals(2, sides.size());
        assertArrayEquals(new int[] {2, 1, 16, 8}, sides.get(0).dims());
        assertArrayEquals(new int[] {2, 1, 8, 4}, sides.get(1).dims());
        assertArrayEquals(new int[] {2, 8, 4, 2}, levels.get(2).dims(), "y_L is the bottleneck's output");
    }

    @Test
    void perLevelFactorsAndValidPartsGiveTheSizeRules() {
        SpatialLayers space = SpatialLayers.of(2);
        UNetTopology topology = UNetTopology.builder(space)
                .level(UNetTopology.level().factor(3)
                        .encoder(Part.of("encoder0", () -> valid(1, 2)).shrinking(2))
                        .down(Part.unnamed(space.maxPool(3)))
                        .up(Part.of("up0", () -> space.transposedConvolution(2, 2, 3, rng)))
                        .decoder(Part.of("decoder0", () -> valid(4, 2)).shrinking(2)))
                .level(UNetTopology.level().factor(2)
                        .encoder(Part.of("encoder1", () -> same(2, 2)))
                        .down(Part.unnamed(space.maxPool(2)))
                        .up(Part.of("up1", () -> space.transposedConvolution(2, 2, 2, rng)))
                        .decoder(Part.of("decoder1", () -> same(4, 2))))
                .bottleneck(Part.of("bottleneck", () -> valid(2, 2)).shrinking(2))
                .build();
        UNetGeometry g = topology.geometry();
        assertEquals(6, g.period());
        assertEquals(3, g.factor(0));
        assertEquals(2, g.factor(1));
        int size = g.smallestInputSize();
        assertEquals(2 + 3 * (2 * (1 + 2)), size, "s_in(1) = e_0 + f_0 (e_1 + f_1 (b + m))");
        Tensor out = new Host(topology).forward(Tensor.randn(rng, 1, 1, size, size + 6));
        assertArrayEquals(new int[] {1, 2, g.outputSize(size).getAsInt(), g.outputSize(size + 6).getAsInt()},
                out.dims());
        assertTrue(g.outputSize(size + 1).isEmpty());
    }

    @Test
    void threeDimensionsNameTheLayersTheyStillNeed() {
        String m = assertThrows(IllegalArgumentException.class, () -> SpatialLayers.of(3)).getMessage();
        for (String layer : new String[] {"Conv3d", "MaxPool3d", "ConvTranspose3d", "BatchNorm3d", "Upsample"}) {
            assertTrue(m.contains(layer), m);
        }
        assertEquals(m, assertThrows(IllegalArgumentException.class, () -> UNet.builder().spatialDims(3))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpatialLayers.of(4)).getMessage()
                .contains("spatialDims must be 1"));
    }

    @Test
    void anImagePyramidNeedsParameterFreeDownSampling() {
        SpatialLayers space = SpatialLayers.of(2);
        UNetTopology topology = UNetTopology.builder(space).imagePyramid(true)
                .level(UNetTopology.level()
                        .encoder(Part.of("encoder0", () -> same(2, 2)))
                        .down(Part.of("down0", () -> space.stridedConvolution(2, 2, 2, rng)))
                        .up(Part.of("up0", () -> space.nearest(2)))
                        .decoder(Part.of("decoder0", () -> same(5, 2))))
                .bottleneck(Part.of("bottleneck", () -> same(3, 2)))
                .build();
        String m = assertThrows(IllegalArgumentException.class, () -> new Host(topology)).getMessage();
        assertTrue(m.contains("parameter-free") && m.contains("level 0"), m);
    }

    @Test
    void anUnnamedPartMustHaveNoParameters() {
        assertThrows(IllegalArgumentException.class, () -> Part.unnamed(same(1, 1)));
    }
}
