package org.unet4j.experiments;

import java.io.PrintWriter;

import org.unet4j.autodiff.Device;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code unet4j devices}: lists the compute devices with their status ({@link Device#list()}: a device whose kernel
 * does not compile is listed as unusable, with the reason) and the one {@code auto} picks.
 */
@Command(name = "devices", description = "List the compute devices (CPU, OpenCL) with their status and the one "
        + "UNET4J_DEVICE=auto picks.")
public final class DevicesCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Device.list().forEach(out::println);
        out.flush();
        Device auto = Device.named("auto");
        out.println("auto picks: " + auto);
        out.flush();
    }
}
