package io.mahavishnu.itests;

import java.util.Random;

/** Generates hostile input values: empty, blank, huge, control characters, wrong shapes, boundary numbers. */
final class MalformedInput {

    private static final String[] WORDS = {"", " ", "\t", "default", "mahavishnu", "noop", "least_loaded",
        "round_robin", "affinity", "random", "UPPER", "has space", "semi;colon", "$(rm -rf /)", "`id`", "../../etc",
        "ünïcödé", "名前", "\u0000", "\n", "a".repeat(300), "mahavishnu_0123456789ab", "-1", "1e9", "null", "*",
        "terminal-claude", "process", "x=y", "{\"json\":1}"};

    private final Random random;

    MalformedInput(long seed) {
        this.random = new Random(seed);
    }

    String string() {
        int pick = random.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick == 1) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                sb.append((char) random.nextInt(0x3000));
            }
            return sb.toString();
        }
        return WORDS[random.nextInt(WORDS.length)];
    }

    int number() {
        switch (random.nextInt(6)) {
            case 0: return Integer.MIN_VALUE;
            case 1: return Integer.MAX_VALUE;
            case 2: return -random.nextInt(10);
            default: return random.nextInt(1200);
        }
    }

    /** @return a JSON-like value of a random shape: string, number, boolean, null, list or object */
    Object anyValue() {
        String text = string();
        String nonNull = text == null ? "" : text;
        switch (random.nextInt(9)) {
            case 0: return null;
            case 1: return number();
            case 2: return random.nextBoolean();
            case 3: return random.nextDouble() * 1e12 - 5e11;
            case 4: return java.util.List.of(nonNull, number());
            case 5: return java.util.Map.of("k", nonNull);
            default: return text;
        }
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    int below(int bound) {
        return random.nextInt(bound);
    }
}
