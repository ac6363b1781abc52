package io.mahavishnu.itests;

import io.mahavishnu.itests.fakes.Fakes;

/**
 * Host side only (Pax Exam loads test classes in the framework too): starts the fakes and hands out plain strings, so
 * the configuration methods never touch a host-only type.
 */
final class FakesHost {

    private FakesHost() {
    }

    /** @return control URL, Session-Buddy MCP URL, Akosha MCP URL */
    static String[] start() {
        Fakes f = Fakes.get();
        return new String[] {f.controlUrl(), f.sessionBuddyServer.url(), f.akoshaServer.url()};
    }
}
