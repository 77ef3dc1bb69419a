package org.unet4j.autodiff.opencl;

import org.unet4j.autodiff.DType;

/**
 * The device's arena no longer holds what the launches computed: its generation counter shows that the buffer was
 * re-created from an old host copy, which Aparapi does on a device with memory of its own when the garbage collector
 * moved the arena's Java array between two launches (see {@link DeviceProgram}). Every tensor of that type on the
 * device is lost; the message names the cause and the remedy.
 */
public final class StaleDeviceDataException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StaleDeviceDataException(String device, DType dtype, double observed, int expected, String collectors) {
        super("the " + dtype + " tensors on " + device + " were lost: the device's arena is an old copy (generation "
                + (long) observed + " found, " + expected + " expected), because the garbage collector ("
                + collectors + ") moved the arena's Java array between two launches and Aparapi re-created the "
                + "device buffer from that host copy. Run OpenCL on a JVM whose collector leaves the arena in place: "
                + "-XX:+UseG1GC (the ./unet4j launcher chooses it for OpenCL runs; on JDK 21 and later keep the heap "
                + "large enough that G1 never needs its last-ditch full collection, e.g. UNET4J_JAVA_OPTS=-Xmx8g), "
                + "then recompute from the last checkpoint");
    }
}
