package org.cnnclassifier.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * One headless SciJava context per test class, for tests that run the plugin's commands as scripts
 * and headless runs do ({@code context.service(CommandService.class).run(...)}).
 */
public abstract class HeadlessContext {
    protected static Context context;

    @BeforeAll
    static void startContext() {
        System.setProperty("java.awt.headless", "true");
        context = new Context(CommandService.class);
    }

    @AfterAll
    static void stopContext() {
        context.dispose();
    }
}
