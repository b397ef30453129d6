package org.sportsdb.stack.dev;

/** Reads {@code --name value} pairs of the developer tools' command lines. */
public final class Args {

    private Args() {
    }

    public static String value(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
