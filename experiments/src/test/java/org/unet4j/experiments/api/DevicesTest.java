package org.unet4j.experiments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;

/**
 * The device names experiments accept. The checks that look for OpenCL devices run only when the run asks for OpenCL
 * ({@code -Dunet4j.device=opencl}), so the CPU suite never loads an OpenCL runtime.
 */
class DevicesTest {

    private static void assumeOpenClRun() {
        Assumptions.assumeTrue(Device.configuredName().trim().toLowerCase(Locale.ROOT).startsWith("opencl"),
                "the OpenCL device names are checked with -Dunet4j.device=opencl");
    }

    @Test
    void cpuIsTheHostInAnyCase() {
        assertSame(Device.CPU, Devices.byName("cpu"));
        assertSame(Device.CPU, Devices.byName(" CPU "));
    }

    @Test
    void anUnknownNameListsTheDeviceNames() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Devices.byName("cuda"));
        assertTrue(error.getMessage().contains("unknown device 'cuda'; devices are named cpu, opencl"),
                error.getMessage());
    }

    @Test
    void theOpenClNamesResolveToTheBackendsDevicesAndAnAbsentOneListsTheAvailableOnes() {
        assumeOpenClRun();
        List<String> available = Devices.available();
        assertEquals(List.of("cpu", "opencl", "opencl:0"), available.subList(0, 3), available.toString());
        assertEquals("auto", available.get(available.size() - 1));
        assertSame(org.unet4j.autodiff.opencl.Devices.opencl(), Devices.byName("opencl"));
        assertSame(org.unet4j.autodiff.opencl.Devices.opencl(0), Devices.byName("OpenCL:0"));
        assertSame(org.unet4j.autodiff.opencl.Devices.opencl(), Devices.byName("auto"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Devices.byName("opencl:99"));
        assertTrue(error.getMessage().contains("there is no opencl device opencl:99; the available devices are: cpu,"
                + " opencl:0"), error.getMessage());
    }
}
