package io.mahavishnu.launcher.attach;

import java.util.List;
import java.util.regex.Pattern;

/** Turns the arguments of {@code bin/mahavishnu shell ...} back into one Gogo command line. */
final class CommandLine {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_:./=,@+-]+");

    private CommandLine() {
    }

    /**
     * One argument is taken as a complete command line ({@code bin/mahavishnu shell 'pool:list | grep echo'});
     * several are quoted one by one, so {@code --prompt "fix the build"} arrives as one word.
     *
     * @param args the arguments
     * @return the Gogo command line
     */
    static String of(List<String> args) {
        if (args.size() == 1) {
            return args.get(0);
        }
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    /**
     * @return the word as Gogo reads it back: plain, or in double quotes with Gogo's special characters escaped
     *         (inside double quotes Gogo still treats {@code ' " $ %} and backslashes specially)
     */
    static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : word.toCharArray()) {
            if (c == '\'') {
                // Gogo keeps a backslash before ' inside double quotes: close them, add \', reopen.
                sb.append("\"\\'\"");
                continue;
            }
            if (c == '"' || c == '\\' || c == '$' || c == '%') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
