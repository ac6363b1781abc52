package io.mahavishnu.shell.remote.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets in the generated client key and the keys of the authorized keys file (read at each attempt, so edits apply
 * at once). A file that others than its owner may write to is ignored: anyone able to edit it could let themselves
 * in. Logs who attached, with the key's fingerprint (never key material).
 */
final class KeyAuthenticator implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);
    private static final AttributeRepository.AttributeKey<Boolean> LOGGED = new AttributeRepository.AttributeKey<>();

    private final PublicKey clientKey;
    private final Path authorizedKeys;

    /**
     * @param clientKey      the generated client key
     * @param authorizedKeys file of further keys, may be absent
     */
    KeyAuthenticator(PublicKey clientKey, Path authorizedKeys) {
        this.clientKey = clientKey;
        this.authorizedKeys = authorizedKeys;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        boolean ok = KeyUtils.compareKeys(clientKey, key) || listed(key);
        String from = String.valueOf(session.getClientAddress());
        if (ok) {
            // SSH asks twice per login (may I use this key, then with its signature): log the login once.
            if (session.setAttribute(LOGGED, Boolean.TRUE) == null) {
                LOG.info("Console attached by {} from {} with key {}", username, from, KeyUtils.getFingerPrint(key));
            }
        } else {
            LOG.warn("Refused console login by {} from {}: key {} is not authorized", username, from,
                    KeyUtils.getFingerPrint(key));
        }
        return ok;
    }

    private boolean listed(PublicKey key) {
        if (!Files.isRegularFile(authorizedKeys)) {
            return false;
        }
        try {
            if (writableByOthers(authorizedKeys)) {
                LOG.warn("Ignoring {}: others than its owner may write to it (chmod go-w {})", authorizedKeys,
                        authorizedKeys);
                return false;
            }
            List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeys);
            for (AuthorizedKeyEntry e : entries) {
                PublicKey k = e.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (k != null && KeyUtils.compareKeys(k, key)) {
                    return true;
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("Cannot read authorized keys from {}: {}", authorizedKeys, e.getMessage());
        }
        return false;
    }

    private static boolean writableByOthers(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
