package org.unet4j.autodiff;

import java.util.List;

/**
 * A backend outside the core that provides devices of one family (e.g. {@code opencl}): the core's single parser of
 * device names, {@link Device#named}, hands it the names {@code family} (its best device) and {@code family:N}
 * (device N), and asks it for {@code auto} and {@link Device#list()}. The core looks implementations up with
 * {@link java.util.ServiceLoader}, so it never depends on the backends: each registers its resolver in
 * {@code META-INF/services/org.unet4j.autodiff.DeviceResolver}.
 */
public interface DeviceResolver {

    /** The lower-case name of this backend's device family, e.g. {@code opencl}. */
    String family();

    /**
     * Every device of the family in index order ({@code family:0}, {@code family:1}, ...), each with its status: a
     * device whose kernels do not compile is listed as unusable, with the reason. Empty when the family's runtime is
     * missing.
     */
    List<DeviceInfo> devices();

    /**
     * The index of the device {@code family} alone names (e.g. the GPU with the most compute units), or -1 when
     * there is none.
     */
    int bestIndex();

    /**
     * Device {@code index}, ready to compute (its kernels compiled).
     *
     * @throws IllegalArgumentException when there is no such device, naming how many there are
     * @throws IllegalStateException    when the device is present but cannot compute (its kernel does not compile),
     *                                  naming the reason
     */
    Device device(int index);
}
