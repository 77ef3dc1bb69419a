package org.unet4j.experiments;

import org.unet4j.autodiff.Device;
import org.unet4j.experiments.api.Devices;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --device} option of the commands that run an experiment ({@code run}, {@code quickstart}): the device
 * the experiment's models live and compute on. Without it, the device {@code -Dunet4j.device} or
 * {@code UNET4J_DEVICE} names ({@link Device#configuredName()}), else the host.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Device the models live and compute on: cpu, opencl (the best OpenCL device), opencl:N or"
                    + " auto (the best OpenCL device, else cpu); 'devices' lists them (default: UNET4J_DEVICE, else"
                    + " cpu).")
    private String device;

    /**
     * The chosen device's name, checked before any work.
     *
     * @throws ParameterException on {@code commandLine} for an unknown or absent device, naming the available ones
     */
    String checked(CommandLine commandLine) {
        String name = device != null ? device : Device.configuredName();
        try {
            Devices.byName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "Invalid value for option '--device': " + e.getMessage());
        }
        return name;
    }
}
