package org.unet4j.experiments;

import java.io.PrintWriter;

import org.unet4j.experiments.output.VersionInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code unet4j version}: prints {@link VersionInfo#lines()}. */
@Command(name = "version", description = "Print the unet4j version, the Java runtime and the CPU set-up.")
public final class VersionCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        VersionInfo.lines().forEach(out::println);
        out.flush();
    }
}
