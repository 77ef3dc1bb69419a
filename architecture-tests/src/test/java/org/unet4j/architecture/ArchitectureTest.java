package org.unet4j.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's main classes, of every module, keep the architecture: no cycle between packages (one known
 * exception, {@link ArchitectureRules#KNOWN_CYCLES}), no module depending on one above it, Aparapi only in the
 * OpenCL module. {@link PlantedViolationsTest} shows that each rule fails on a planted violation.
 */
class ArchitectureTest {
    private static JavaClasses project;

    @BeforeAll
    static void importEveryModule() {
        project = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.unet4j");
    }

    @Test
    void everyModuleIsImported() {
        for (ArchitectureRules.Module module : ArchitectureRules.projectModules()) {
            assertTrue(project.stream().anyMatch(module.classes()), "no class of module " + module.name()
                    + " on the class path: the rules would check nothing there");
        }
    }

    @Test
    void noCycleBetweenPackages() {
        ArchitectureRules.noPackageCycles("org.unet4j", ArchitectureRules.KNOWN_CYCLES).check(project);
    }

    @Test
    void noModuleDependsOnAModuleAboveIt() {
        ArchitectureRules.noUpwardModuleDependencies(ArchitectureRules.projectModules()).check(project);
    }

    @Test
    void onlyTheOpenClModuleImportsAparapi() {
        ArchitectureRules.aparapiOnlyIn("org.unet4j.autodiff.opencl").check(project);
    }
}
