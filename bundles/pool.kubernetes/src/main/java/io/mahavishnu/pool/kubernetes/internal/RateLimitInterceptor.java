package io.mahavishnu.pool.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Puts every HTTP request of a fabric8 client through a {@link TokenBucket}: the pool's own calls, the watch's
 * list and (re)connects, log reads and fabric8's retries alike. fabric8 calls {@link #before} on the thread that
 * sends the request, so waiting here delays exactly that request.
 */
final class RateLimitInterceptor implements Interceptor {

    static final String NAME = "mahavishnu-rate-limit";

    private final TokenBucket bucket;

    RateLimitInterceptor(TokenBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        try {
            bucket.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while waiting for the API rate limit");
        }
    }
}
