package org.unet4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.nn.Linear;
import org.unet4j.layers.nn.ReLU;

class ModuleTest {

    /** A module with a parameter, a buffer and a child, to exercise the tree. */
    static final class Block extends Module {
        final Parameter scale;
        final Buffer count;
        final Linear inner;

        Block(int features, SplittableRandom rng) {
            scale = registerParameter("scale", Tensor.ones(features));
            count = registerBuffer("count", Tensor.zeros(1));
            inner = registerChild("inner", new Linear(features, features, rng));
        }

        @Override
        public Tensor forward(Tensor input) {
            return inner.forward(input.mul(scale.tensor()));
        }

        @Override
        protected String describe() {
            return "features " + scale.size();
        }
    }

    private static Sequential net(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Sequential.of(new Block(3, rng), new ReLU(), Sequential.of(new Linear(3, 2, rng)));
    }

    @Test
    void namesParametersAndBuffersByDottedPathInRegistrationOrder() {
        Sequential net = net(1);
        assertEquals(List.of("0.scale", "0.inner.weight", "0.inner.bias", "2.0.weight", "2.0.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("0.count"), List.copyOf(net.namedBuffers().keySet()));
        assertEquals(List.of("0.scale", "0.count", "0.inner.weight", "0.inner.bias", "2.0.weight", "2.0.bias"),
                List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of("", "0", "0.inner", "1", "2", "2.0"), List.copyOf(net.namedModules().keySet()));
        assertEquals(3 + 9 + 3 + 6 + 2, net.parameterCount());
        assertEquals(5, net.parameters().size());
    }

    @Test
    void theSameSeedBuildsTheSameNetwork() {
        Map<String, Tensor> a = net(42).stateDict();
        Map<String, Tensor> b = net(42).stateDict();
        Map<String, Tensor> c = net(43).stateDict();
        a.forEach((name, t) -> assertArrayEquals(t.toFloatArray(), b.get(name).toFloatArray(), name));
        assertFalse(java.util.Arrays.equals(a.get("2.0.weight").toFloatArray(), c.get("2.0.weight").toFloatArray()));
    }

    @Test
    void sharedParametersAreListedAndCountedOnce() {
        SplittableRandom rng = new SplittableRandom(0);
        Linear first = new Linear(2, 2, rng);
        Module tied = new Module() {
            {
                registerChild("a", first);
                registerParameter("alias", first.weight());
            }

            @Override
            public Tensor forward(Tensor input) {
                return first.forward(input);
            }
        };
        assertEquals(List.of("alias", "a.bias"), List.copyOf(tied.namedParameters().keySet()));
        assertEquals(6, tied.parameterCount());
    }

    @Test
    void rejectsBadAndDuplicateNames() {
        Module m = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        m.registerParameter("w", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> m.registerParameter("w", Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("a.b", Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> m.registerChild("", new ReLU()));
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        Sequential net = net(1);
        assertTrue(net.namedModules().values().stream().allMatch(Module::isTraining));
        assertSame(net, net.eval());
        assertTrue(net.namedModules().values().stream().noneMatch(Module::isTraining));
        net.train();
        assertTrue(net.namedModules().values().stream().allMatch(Module::isTraining));
    }

    @Test
    void toConvertsParametersAndBuffersAndKeepsValues() {
        Sequential net = net(1);
        float[] before = net.namedParameters().get("2.0.weight").tensor().toFloatArray();
        Parameter slot = net.namedParameters().get("2.0.weight");
        net.to(DType.FLOAT64);
        assertSame(slot, net.namedParameters().get("2.0.weight"));
        assertTrue(net.stateDict().values().stream().allMatch(t -> t.dtype() == DType.FLOAT64));
        assertTrue(net.parameters().stream().allMatch(p -> p.tensor().requiresGrad() && p.tensor().isLeaf()));
        double[] after = slot.tensor().toDoubleArray();
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 0);
        }
        Tensor y = net.forward(Tensor.ones(DType.FLOAT64, 4, 3));
        assertEquals(DType.FLOAT64, y.dtype());
    }

    @Test
    void deviceIsWhereTheStateLivesAndSeveralDevicesAreAnError() {
        Sequential net = net(1);
        assertSame(Device.defaultDevice(), net.device());
        assertSame(Device.defaultDevice(), new ReLU().device(), "a stateless module computes where its input is");
        Device elsewhere = new Device("elsewhere", Device.CPU.backend());
        Parameter scale = net.namedParameters().get("0.scale");
        scale.set(Tensor.fromBackend(scale.shape(), scale.dtype(), elsewhere, new float[scale.size()]));
        IllegalStateException error = assertThrows(IllegalStateException.class, net::device);
        assertTrue(error.getMessage().contains("'0.scale' is on elsewhere but '0.count' is on "
                + Device.defaultDevice()) && error.getMessage().contains("to(device)"), error.getMessage());
    }

    @Test
    void zeroGradForgetsEveryGradient() {
        Sequential net = net(1);
        net.forward(Tensor.ones(2, 3)).sum().backward();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() != null));
        net.zeroGrad();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() == null));
    }

    @Test
    void loadStateDictCopiesValuesIntoTheLiveTensors() {
        Sequential a = net(1);
        Sequential b = net(2);
        Tensor live = b.namedParameters().get("0.inner.weight").tensor();
        b.loadStateDict(a.stateDict());
        assertSame(live, b.namedParameters().get("0.inner.weight").tensor());
        a.stateDict().forEach((name, t) -> assertEquals(java.util.Arrays.toString(t.toFloatArray()),
                java.util.Arrays.toString(b.stateDict().get(name).toFloatArray()), name));
    }

    @Test
    void loadStateDictNamesTheFirstMismatchAndEveryMissingAndUnexpectedName() {
        SplittableRandom rng = new SplittableRandom(0);
        Sequential small = Sequential.of(new Linear(3, 2, rng), new Linear(2, 1, rng));
        Map<String, Tensor> state = new LinkedHashMap<>(Sequential.of(new Linear(4, 2, rng), new Linear(2, 5, rng))
                .stateDict());
        state.remove("1.bias");
        state.put("2.weight", Tensor.zeros(1));
        float[] before = small.namedParameters().get("1.weight").tensor().toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.loadStateDict(state));
        assertEquals("the state does not fit this Sequential: '0.weight' has shape [2, 3] in the module but [2, 4] "
                + "in the state; missing from the state: [1.bias]; unexpected in the state: [2.weight]",
                e.getMessage());
        assertEquals(java.util.Arrays.toString(before),
                java.util.Arrays.toString(small.namedParameters().get("1.weight").tensor().toFloatArray()));
    }

    @Test
    void toStringPrintsTheTreeWithConfigurationsAndCounts() {
        String text = net(1).toString();
        String expected = String.join("\n",
                "Sequential                   23 parameters",
                "├─ 0: Block(features 3)      15",
                "│  └─ inner: Linear(3 -> 3)  12",
                "├─ 1: ReLU",
                "└─ 2: Sequential              8",
                "   └─ 0: Linear(3 -> 2)       8");
        assertEquals(expected, text);
    }

    @Test
    void parameterRejectsNonLeavesAndShapeChanges() {
        Parameter p = new Parameter(Tensor.zeros(2));
        assertTrue(p.tensor().requiresGrad());
        Tensor computed = Tensor.zeros(2).requiresGrad(true).mul(2);
        assertThrows(IllegalArgumentException.class, () -> p.set(computed));
        assertThrows(IllegalArgumentException.class, () -> p.set(Tensor.zeros(3)));
        assertNull(p.grad());
        assertNotNull(p.toString());
    }
}
