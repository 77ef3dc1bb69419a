package org.unet4j.autodiff;

/**
 * Resolves the device names of a backend outside the core, for the default device that {@link Device#PROPERTY} or
 * {@link Device#ENVIRONMENT_VARIABLE} names (e.g. {@code opencl}, {@code opencl:1}, {@code auto}). The core resolves
 * {@code cpu} itself and looks an implementation up with {@link java.util.ServiceLoader} for every other name, so
 * it never depends on the backend that creates such devices: that backend registers its resolver in
 * {@code META-INF/services/org.unet4j.autodiff.DeviceResolver}. The first one registered is used.
 */
public interface DeviceResolver {

    /**
     * The device named {@code choice} as the user wrote it (any case, maybe padded).
     *
     * @throws IllegalArgumentException when no device has that name, naming the names there are
     * @throws IllegalStateException when the name is valid but its device is absent, naming the fix
     */
    Device resolve(String choice);
}
