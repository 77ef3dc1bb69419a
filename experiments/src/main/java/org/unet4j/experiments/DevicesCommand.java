package org.unet4j.experiments;

import java.io.PrintWriter;

import org.unet4j.autodiff.opencl.Devices;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code unet4j devices}: lists the compute devices ({@link Devices#list()}) and the one {@code auto} picks. */
@Command(name = "devices", description = "List the compute devices (CPU, OpenCL) and the one UNET4J_DEVICE=auto picks.")
public final class DevicesCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Devices.list().forEach(out::println);
        out.println("auto picks: " + Devices.best());
        out.flush();
    }
}
