package io.mahavishnu.bus.redis.internal;

/**
 * The Lua scripts that make each multi-key step atomic on the server: a bound check cannot race another runtime's
 * publish, and a message is queued and announced to subscribers together or not at all. They are sent with EVAL
 * (the server caches them by digest), so a restarted server never answers NOSCRIPT.
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * Queues and/or announces one message. KEYS: epoch, events, [queue]. ARGV: json, origin, events max length,
     * queue bound (0 = unbounded: moved or replayed messages were accepted before), group, the epoch the caller
     * knows (empty if none yet), a new epoch to set if the server has none, announce flag.
     * Returns {@code {"ok", entryId, epoch}}, {@code {"full", length, epoch}}, or {@code {"stale", "", epoch}} when
     * the server's epoch is not the one the caller knows: it lost its data, and the caller must put its copies
     * back first so that its queues keep their order.
     */
    static final String SEND = """
            local epoch = redis.call('GET', KEYS[1])
            if (not epoch and ARGV[6] ~= '') or (epoch and ARGV[6] ~= '' and epoch ~= ARGV[6]) then
              return {'stale', '', epoch or ''}
            end
            if not epoch then
              epoch = ARGV[7]
              redis.call('SET', KEYS[1], epoch)
            end
            local id = ''
            if KEYS[3] then
              local n = redis.call('XLEN', KEYS[3])
              local bound = tonumber(ARGV[4])
              if bound > 0 and n >= bound then
                return {'full', tostring(n), epoch}
              end
              if n == 0 and redis.call('EXISTS', KEYS[3]) == 0 then
                redis.call('XGROUP', 'CREATE', KEYS[3], ARGV[5], '0', 'MKSTREAM')
              end
              id = redis.call('XADD', KEYS[3], '*', 'm', ARGV[1])
            end
            if ARGV[8] == '1' then
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'm', ARGV[1], 'o', ARGV[2])
            end
            return {'ok', id, epoch}
            """;

    /** Reads the server's epoch, setting it first if the server has none. KEYS: epoch. ARGV: new epoch. */
    static final String EPOCH = """
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            return redis.call('GET', KEYS[1])
            """;

    /**
     * Finds, for the outbox, the first entry of each queue, but only if the server still has the epoch the caller
     * knows (so an emptied server is never mistaken for queues that were received). KEYS: epoch, queue...
     * ARGV: known epoch. Returns {@code {"ok", firstId or "", ...}} or {@code {"stale"}}.
     */
    static final String FIRST_IDS = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return {'stale'}
            end
            local out = {'ok'}
            for i = 2, #KEYS do
              local e = redis.call('XRANGE', KEYS[i], '-', '+', 'COUNT', 1)
              if #e > 0 then
                table.insert(out, e[1][1])
              else
                table.insert(out, '')
              end
            end
            return out
            """;

    /** Acknowledges received entries and deletes them, so a queue's length is what is still to be received. */
    static final String ACK = """
            redis.pcall('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
            return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
            """;

    /**
     * Takes a whole queue out of Redis (a hand-over to another transport), in order, except entries a live receiver
     * is receiving right now (pending for less than the claim idle time, whichever runtime it is: that receiver
     * acknowledges and returns them itself, so taking them too would deliver them twice). KEYS: queue. ARGV: group,
     * claim idle ms. Returns the JSON of the taken messages.
     */
    static final String TAKE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return {}
            end
            local busy = {}
            local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], '-', '+', 1000000)
            if type(pending) == 'table' and not pending.err then
              for _, p in ipairs(pending) do
                if tonumber(p[3]) < tonumber(ARGV[2]) then
                  busy[p[1]] = true
                end
              end
            end
            local taken = {}
            local ids = {}
            for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
              if not busy[e[1]] then
                for i = 1, #e[2], 2 do
                  if e[2][i] == 'm' then
                    table.insert(taken, e[2][i + 1])
                  end
                end
                table.insert(ids, e[1])
              end
            end
            for i = 1, #ids, 1000 do
              local chunk = {unpack(ids, i, math.min(i + 999, #ids))}
              redis.pcall('XACK', KEYS[1], ARGV[1], unpack(chunk))
              redis.call('XDEL', KEYS[1], unpack(chunk))
            end
            return taken
            """;

    /**
     * Empties a queue. KEYS: queue. ARGV: group, remove flag. Returns how many entries were discarded. A cleared
     * queue that is kept stays listed (empty, with its group); a removed one is gone.
     */
    static final String CLEAR = """
            local n = redis.call('XLEN', KEYS[1])
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            redis.call('DEL', KEYS[1])
            if ARGV[2] ~= '1' then
              redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
            end
            return n
            """;
}
