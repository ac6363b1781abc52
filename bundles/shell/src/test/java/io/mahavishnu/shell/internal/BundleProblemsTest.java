package io.mahavishnu.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundleProblemsTest {

    @Test
    void missingPackagesShowTheirVersionRange() {
        assertThat(BundleProblems.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=org.foo)(version>=1.0.0)(!(version>=2.0.0)))"))
                .isEqualTo("missing package org.foo [1.0.0,2.0.0)");
        assertThat(BundleProblems.describe("osgi.wiring.package", "(&(osgi.wiring.package=org.bar)(version>=1.2.0))"))
                .isEqualTo("missing package org.bar 1.2.0");
        assertThat(BundleProblems.describe("osgi.wiring.package", "(osgi.wiring.package=org.baz)"))
                .isEqualTo("missing package org.baz");
        assertThat(BundleProblems.describe("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=b)(bundle-version>=1.0.0)(bundle-version<=1.5.0))"))
                .isEqualTo("missing bundle b [1.0.0,1.5.0]");
        assertThat(BundleProblems.describe("osgi.extender",
                "(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))"))
                .isEqualTo("missing extender osgi.component [1.5.0,2.0.0) (Declarative Services, SCR)");
        assertThat(BundleProblems.describe("com.example.cap", "(x=1)")).isEqualTo("missing capability com.example.cap (x=1)");
    }
}
