package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Device#named} is the one parser of device names; a backend family answers through its
 * {@link DeviceResolver}. Here a fake family {@code fake} with two devices, of which device 0 (the best) has a kernel
 * that does not compile: {@code auto} falls back to the host with a notice, the listing reports the status of each
 * device, and naming the broken device fails with the reason.
 */
class DeviceNamesTest {
    /** Any backend will do for a device that is only named, never computed on. */
    private static final Device WORKING = new Device("fake:1", Device.CPU.backend());

    /** A family whose best device cannot compute. */
    private static final DeviceResolver BROKEN_BEST = new DeviceResolver() {
        @Override
        public String family() {
            return "fake";
        }

        @Override
        public List<DeviceInfo> devices() {
            return List.of(new DeviceInfo("fake:0", "fake GPU", "broken", "the kernel does not compile: no fp32"),
                    new DeviceInfo("fake:1", "fake CPU", "works", null));
        }

        @Override
        public int bestIndex() {
            return 0;
        }

        @Override
        public Device device(int index) {
            if (index == 0) {
                throw new IllegalStateException("fake:0 cannot compute: the kernel does not compile: no fp32");
            }
            return WORKING;
        }
    };

    @Test
    void autoFallsBackToTheHostWithANoticeWhenTheBestDeviceCannotCompute() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Device chosen;
        try {
            chosen = Device.named(" AUTO ", List.of(BROKEN_BEST));
        } finally {
            System.setErr(saved);
        }
        assertSame(Device.CPU, chosen);
        String notice = err.toString(StandardCharsets.UTF_8);
        assertTrue(notice.contains("NOTICE: device auto: fake:0 cannot compute")
                && notice.contains("the kernel does not compile") && notice.contains("computing on cpu"), notice);
    }

    @Test
    void theListingReportsEachDevicesStatusInsteadOfFailing() {
        List<DeviceInfo> all = Device.list(List.of(BROKEN_BEST));
        assertEquals(List.of("cpu", "fake:0", "fake:1"), all.stream().map(DeviceInfo::name).toList());
        assertTrue(all.get(0).usable());
        assertFalse(all.get(1).usable());
        assertTrue(all.get(1).toString().contains("UNUSABLE: the kernel does not compile"), all.get(1).toString());
        assertTrue(all.get(2).toString().endsWith("ready"), all.get(2).toString());
    }

    @Test
    void familyNamesResolveThroughTheirResolverAndBadNamesSayWhatIsAvailable() {
        assertSame(Device.CPU, Device.named("cpu", List.of(BROKEN_BEST)));
        assertSame(WORKING, Device.named("Fake:1", List.of(BROKEN_BEST)));
        IllegalStateException broken = assertThrows(IllegalStateException.class,
                () -> Device.named("fake", List.of(BROKEN_BEST)));
        assertTrue(broken.getMessage().contains("does not compile"), broken.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> Device.named("fake:7", List.of(BROKEN_BEST)));
        assertTrue(absent.getMessage().contains("there is no fake device fake:7; the available devices are: cpu, "
                + "fake:1, auto"), absent.getMessage());
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> Device.named("fake:x", List.of(BROKEN_BEST)));
        assertTrue(index.getMessage().contains("must be a number"), index.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Device.named("opencl", List.of()));
        assertTrue(unknown.getMessage().contains("unknown device 'opencl' (the OpenCL backend, module "
                + "autodiff-opencl, is not on the class path); devices are named cpu or auto"), unknown.getMessage());
    }
}
