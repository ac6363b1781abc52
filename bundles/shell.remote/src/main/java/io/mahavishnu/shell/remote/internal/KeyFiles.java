package io.mahavishnu.shell.remote.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The key folder ({@code data/ssh/}): the server's host key and the client key pair {@code bin/mahavishnu shell}
 * logs in with, created on first start as ECDSA P-256 keys in OpenSSH format, readable by the owner only. The
 * {@code .pub} files hold the public halves in authorized_keys format: the client checks the server against
 * {@value #HOST_PUBLIC}. The attach client (module launcher) reads the same file names.
 */
final class KeyFiles {

    /** Private host key. */
    static final String HOST_KEY = "host_key";
    /** Public host key, for the client to verify the server. */
    static final String HOST_PUBLIC = "host_key.pub";
    /** Private key of the attach client. */
    static final String CLIENT_KEY = "client_key";
    /** Public key of the attach client, always authorized. */
    static final String CLIENT_PUBLIC = "client_key.pub";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    /** @param dir the key folder */
    KeyFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the folder and any missing key pair.
     *
     * @return true if a key pair was generated now
     * @throws IOException if the folder or a file cannot be written
     */
    boolean ensure() throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            restrict(dir, OWNER_ONLY_DIR);
        }
        boolean host = ensurePair(HOST_KEY, HOST_PUBLIC, "mahavishnu-host");
        boolean client = ensurePair(CLIENT_KEY, CLIENT_PUBLIC, "mahavishnu-attach");
        return host || client;
    }

    /** @return the host key pair */
    KeyPair hostKey() throws IOException, GeneralSecurityException {
        return read(dir.resolve(HOST_KEY));
    }

    /** @return the public key of the generated client key pair */
    PublicKey clientPublicKey() throws IOException, GeneralSecurityException {
        return read(dir.resolve(CLIENT_KEY)).getPublic();
    }

    /** @return the folder */
    Path dir() {
        return dir;
    }

    private boolean ensurePair(String privateName, String publicName, String comment)
            throws IOException, GeneralSecurityException {
        Path priv = dir.resolve(privateName);
        if (Files.exists(priv)) {
            return false;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        Path tmp = dir.resolve(privateName + ".new");
        Files.deleteIfExists(tmp);
        try (OutputStream out = createOwnerOnly(tmp)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
        }
        Path pub = dir.resolve(publicName);
        Files.deleteIfExists(pub);
        try (OutputStream out = createOwnerOnly(pub)) {
            out.write((PublicKeyEntry.toString(pair.getPublic()) + " " + comment + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        // The private key appears under its final name only once complete: a crash never leaves half a key.
        try {
            Files.move(tmp, priv);
        } catch (FileAlreadyExistsException e) {
            Files.delete(tmp);
        }
        return true;
    }

    private static OutputStream createOwnerOnly(Path file) throws IOException {
        if (supportsPosix(file.getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
    }

    private static void restrict(Path path, Set<PosixFilePermission> perms) throws IOException {
        if (supportsPosix(path)) {
            Files.setPosixFilePermissions(path, perms);
        }
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new GeneralSecurityException("no key pair in " + file);
            }
            return it.next();
        }
    }
}
