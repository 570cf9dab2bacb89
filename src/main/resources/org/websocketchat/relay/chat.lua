-- Every change the chat makes to Redis, so that each change, the event it causes, the event's id
-- and its publication are one atomic step: Redis runs one script at a time, and subscribers get
-- the published events in that order, which is id order within each room.
--
-- ARGV[1] is the operation, ARGV[2] the key prefix. Keys (PREFIX = ARGV[2]):
--   PREFIX room:R:meta      hash: last (the last id issued), floor (no `since` before it resumes),
--                           crowd (the crowd threshold of the node that last let someone in),
--                           crowded (present while the room is crowded)
--   PREFIX room:R:log       stream: the room's messages, capped at the history size; an action
--                           (/me) has the field action 1
--   PREFIX room:R:members   hash: member key -> joined-id TAB node TAB token TAB display name
--   PREFIX room:R:names     sorted set: the same member keys, all of score 0, so in byte order
-- A guest's member key is its name key, so guests' names are unique; each connection of a signed-in
-- user has its own key, the name key, \1, and the join's token (control.MemberKeys), and its
-- display name starts with \1 (relay.RedisNames): a name belongs to one identity in a room.
--   PREFIX room:R:muted     hash: name key -> until (ms): its messages are refused until then
--   PREFIX room:R:banned    hash: name key -> until (ms) TAB reason: it may not join until then
--   PREFIX rooms            sorted set: each room with members, scored minus how many, so that
--                           ascending order is busiest first, then by name (the directory)
--   PREFIX users            hash: name key of a signed-in user -> how many claims its connections
--                           hold TAB its name: whom a direct message to that name reaches
--   PREFIX room:\1A\nB:meta and :log   a kept conversation between the signed-in users of name
--                           keys A < B, numbered and capped like a room (no room name holds \1);
--                           PREFIX room:\1dm:meta numbers the direct messages that are not kept
--   PREFIX room:R:queue     list: with a database (chat.store=jdbc), the ids of the room's events
--                           held back, in id order, behind a message whose node is storing it
--   PREFIX room:R:held      hash: id -> STATE TAB UNTIL-MS TAB SIZE TAB KIND TAB AT TAB NAME
--                           TAB TEXT, STATE w (its node is storing it, held until UNTIL-MS at
--                           most) or s (ready to publish)
--   PREFIX queued           set: the rooms with held events, which every beat flushes
--   PREFIX node:N           string with a time to live: node N is alive
--   PREFIX node:N:members   set: R TAB name key, the claims node N holds
--   PREFIX nodes            set: the nodes that may hold claims
--   PREFIX events           channel: kind TAB id TAB room TAB at-ms TAB name TAB text (kind
--                           message or action for a message); the text of
--                           joined and left is the headcount: count TAB crowd or small, or, for
--                           the leave that makes a crowded room small again, count TAB everyone
--                           then a line per claim (as in room:R:members); `evicted` (id - and
--                           at 0, no event of the room's order, a node in place of the name)
--                           names in its text the token of that node's guest whose name a
--                           signed-in user took over, for the node to close (tokens are unique
--                           only within their node);
--                           `ended` (id -, at 0, the name key in place of the name) asks every
--                           node to close its members of that name with CODE TAB REASON;
--                           `refused` (id -, at 0, a node as the name, its text TOKEN TAB MS)
--                           tells that node that its member's message was refused: muted for MS;
--                           `moderation` (id -) tells of a moderator's action, its name the
--                           moderator's, its text ACTION TAB TARGET TAB SECONDS TAB REASON;
--                           `deleted` carries the deleted message's id and the moderator's name;
--                           `typing` (id -, at 0, empty text) says that name is typing;
--                           `dm` (its room empty) carries a direct message: see op dm
-- The keys are computed here rather than passed in KEYS: a single Redis (not a cluster).

local op, prefix = ARGV[1], ARGV[2]

local function split(text)
  local fields, start = {}, 1
  while true do
    local tab = string.find(text, '\t', start, true)
    if not tab then
      table.insert(fields, string.sub(text, start))
      return fields
    end
    table.insert(fields, string.sub(text, start, tab - 1))
    start = tab + 1
  end
end

local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end

-- a < b, for ids MS-SEQ (ms below 2^53: exact in Lua's numbers)
local function before(a, b)
  local ams, aseq = parse(a)
  local bms, bseq = parse(b)
  return ams < bms or (ams == bms and aseq < bseq)
end

local function id_of(ms, seq)
  return string.format('%.0f-%.0f', ms, seq)
end

-- The room's next event id: Redis' clock in ms, then a sequence from 1 within that ms, never
-- below the last id issued (a clock that steps back does not reorder the room).
local function next_id(room)
  local meta = prefix .. 'room:' .. room .. ':meta'
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local ms, seq = now, 1
  local last = redis.call('HGET', meta, 'last')
  if last then
    local last_ms, last_seq = parse(last)
    if last_ms >= now then
      ms, seq = last_ms, last_seq + 1
    end
  else
    -- New to this Redis, or Redis lost its data: a `since` from before now has lost messages.
    redis.call('HSET', meta, 'floor', id_of(now, 0))
  end
  local id = id_of(ms, seq)
  redis.call('HSET', meta, 'last', id)
  return id, string.format('%.0f', now)
end

local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- The time left on a mute or ban of `name_key` in `hash`, in ms, and what follows the time; a
-- lapsed one is removed.
local function sanction(hash, name_key)
  local value = redis.call('HGET', hash, name_key)
  if not value then
    return nil
  end
  local till, rest = string.match(value, '^(%d+)\t?(.*)$')
  local left = tonumber(till) - now_ms()
  if left <= 0 then
    redis.call('HDEL', hash, name_key)
    return nil
  end
  return left, rest
end

local function publish(kind, id, room, at, name, text)
  redis.call('PUBLISH', prefix .. 'events', table.concat({kind, id, room, at, name, text}, '\t'))
end

-- A message into the room's stream, the recent window that newcomers are sent, capped at `size`.
local function keep(room, kind, id, at, from, text, size)
  local meta = prefix .. 'room:' .. room .. ':meta'
  if size == 0 then
    redis.call('HSET', meta, 'floor', id)
    return
  end
  -- Exact trimming (MAXLEN without ~): resuming needs to know the newest message evicted.
  local log = prefix .. 'room:' .. room .. ':log'
  local excess = redis.call('XLEN', log) - size + 1
  if excess > 0 then
    local evicted = redis.call('XRANGE', log, '-', '+', 'COUNT', excess)
    redis.call('HSET', meta, 'floor', evicted[#evicted][1])
  end
  if kind == 'action' then
    redis.call('XADD', log, 'MAXLEN', size, id, 'from', from, 'text', text, 'at', at, 'action', '1')
  else
    redis.call('XADD', log, 'MAXLEN', size, id, 'from', from, 'text', text, 'at', at)
  end
end

-- An event of the room's order (joined, left, a message): published now, or held behind the
-- room's held events, so that every node hears the room's events in id order. A message is kept
-- in the stream as it is published, so the stream too is in id order.
local function ordered(kind, id, room, at, name, text, size)
  local queue = prefix .. 'room:' .. room .. ':queue'
  if redis.call('LLEN', queue) > 0 then
    redis.call('RPUSH', queue, id)
    redis.call('HSET', prefix .. 'room:' .. room .. ':held', id, table.concat({'s', at, size or 0, kind, at, name, text}, '\t'))
    return
  end
  if kind == 'message' or kind == 'action' then
    keep(room, kind, id, at, name, text, size)
  end
  publish(kind, id, room, at, name, text)
end

-- Publishes the room's held events from the front while they are ready; drops one whose node said
-- it could not store it, or whose hold has lapsed.
local function flush(room)
  local queue, held = prefix .. 'room:' .. room .. ':queue', prefix .. 'room:' .. room .. ':held'
  local now = now_ms()
  while true do
    local id = redis.call('LINDEX', queue, 0)
    if not id then
      redis.call('SREM', prefix .. 'queued', room)
      return
    end
    local entry = redis.call('HGET', held, id)
    local state, till, size, kind, at, name, text
    if entry then
      state, till, size, kind, at, name, text = string.match(entry, '^(%a)\t(%d+)\t(%d+)\t(%a+)\t(%d+)\t([^\t]*)\t(.*)$')
      if state == 'w' and now < tonumber(till) then
        return
      end
    end
    redis.call('LPOP', queue)
    redis.call('HDEL', held, id)
    if state == 's' then
      if kind == 'message' or kind == 'action' then
        keep(room, kind, id, at, name, text, tonumber(size))
      end
      publish(kind, id, room, at, name, text)
    end
  end
end

-- Whether the room is crowded now that it has `count` members, by the rule of control.CrowdRule
-- (the two must agree): crowded from the join that takes it above the threshold until the leave
-- that brings it to half the threshold or fewer. Returns that and whether it was crowded before.
local function crowded_after(room, count)
  local meta = prefix .. 'room:' .. room .. ':meta'
  local threshold = tonumber(redis.call('HGET', meta, 'crowd')) or math.huge
  local was = redis.call('HEXISTS', meta, 'crowded') == 1
  local now
  if was then
    now = count > math.floor(threshold / 2)
  else
    now = count > threshold
  end
  if now and not was then
    redis.call('HSET', meta, 'crowded', '1')
  elseif was and not now then
    redis.call('HDEL', meta, 'crowded')
  end
  return now, was
end

-- Counts a signed-in user's claims up or down: while it holds any, a direct message to its name reaches it.
local function signed_in(name_key, by, name)
  local users = prefix .. 'users'
  local held = redis.call('HGET', users, name_key)
  local count = (held and tonumber(string.match(held, '^%d+')) or 0) + by
  if count <= 0 then
    redis.call('HDEL', users, name_key)
  else
    redis.call('HSET', users, name_key, count .. '\t' .. (name ~= '' and name or string.match(held, '\t(.*)$')))
  end
end

local function headcount(count, crowded)
  return count .. '\t' .. (crowded and 'crowd' or 'small')
end

-- Gives up a claim and announces `left`; only the claim's own node (and token, when given).
local function release(room, key, node, token)
  local members = prefix .. 'room:' .. room .. ':members'
  local claim = redis.call('HGET', members, key)
  if not claim then
    return 0
  end
  local fields = split(claim)
  if fields[2] ~= node or (token and fields[3] ~= token) then
    return 0
  end
  redis.call('HDEL', members, key)
  redis.call('ZREM', prefix .. 'room:' .. room .. ':names', key)
  if string.find(key, '\1', 1, true) then
    signed_in(string.match(key, '^[^\1]*'), -1, '')
  end
  redis.call('SREM', prefix .. 'node:' .. node .. ':members', room .. '\t' .. key)
  local count = redis.call('HLEN', members)
  if count == 0 then
    redis.call('ZREM', prefix .. 'rooms', room)
  else
    redis.call('ZADD', prefix .. 'rooms', -count, room)
  end
  local crowded, was = crowded_after(room, count)
  local told = headcount(count, crowded)
  if was and not crowded then
    -- Small again: every node names everyone to its members, in this event's place in the order.
    local lines = redis.call('HVALS', members)
    table.insert(lines, 1, count .. '\teveryone')
    told = table.concat(lines, '\n')
  end
  local id, at = next_id(room)
  ordered('left', id, room, at, fields[4], told)
  return 1
end

-- Releases every claim of a node and forgets the node.
local function reap(node)
  local claims = prefix .. 'node:' .. node .. ':members'
  local released = 0
  for _, entry in ipairs(redis.call('SMEMBERS', claims)) do
    local fields = split(entry)
    released = released + release(fields[1], fields[2], node, nil)
  end
  redis.call('DEL', claims)
  redis.call('SREM', prefix .. 'nodes', node)
  return released
end

if op == 'join' then
  -- room, node, token, since ('' for none), crowd threshold, then either `guest` and pairs of name
  -- key and display name to try, or `verified`, the member key and display name of a signed-in
  -- user, and the name key a guest may hold, which the user takes over
  local room, node, token, since, crowd, who = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
  if redis.call('SISMEMBER', prefix .. 'nodes', node) == 0 then
    return redis.error_reply('NODEGONE this node is not registered (reaped after an outage?)')
  end
  local members = prefix .. 'room:' .. room .. ':members'
  local names = prefix .. 'room:' .. room .. ':names'
  local banned_left, banned_reason = sanction(prefix .. 'room:' .. room .. ':banned', who == 'verified' and ARGV[11] or ARGV[9])
  if banned_left then
    return {-1, banned_left, banned_reason}
  end
  local chosen
  if who == 'verified' then
    local guest = redis.call('HGET', members, ARGV[11])
    if guest and guest ~= '' then
      local fields = split(guest)
      release(room, ARGV[11], fields[2], fields[3])
      publish('evicted', '-', room, '0', fields[2], fields[3])
    end
    redis.call('HSET', members, ARGV[9], '')
    chosen = 9
  else
    for i = 9, #ARGV, 2 do
      local signed_in = redis.call('ZRANGEBYLEX', names, '[' .. ARGV[i] .. '\1', '(' .. ARGV[i] .. '\2', 'LIMIT', 0, 1)
      if #signed_in == 0 and redis.call('HSETNX', members, ARGV[i], '') == 1 then
        chosen = i
        break
      end
    end
  end
  if not chosen then
    return {}
  end
  local key, display = ARGV[chosen], ARGV[chosen + 1]
  local id, at = next_id(room)
  redis.call('HSET', members, key, table.concat({id, node, token, display}, '\t'))
  if who == 'verified' then
    signed_in(ARGV[11], 1, string.sub(display, 2))
  end
  redis.call('ZADD', names, 0, key)
  redis.call('SADD', prefix .. 'node:' .. node .. ':members', room .. '\t' .. key)
  redis.call('HSET', prefix .. 'room:' .. room .. ':meta', 'crowd', crowd)
  local count = redis.call('HLEN', members)
  redis.call('ZADD', prefix .. 'rooms', -count, room)
  local crowded = crowded_after(room, count)
  local floor = redis.call('HGET', prefix .. 'room:' .. room .. ':meta', 'floor')
  local log = prefix .. 'room:' .. room .. ':log'
  local resumed = since ~= '' and before(since, id) and not (floor and before(since, floor))
  local history
  if resumed then
    history = redis.call('XRANGE', log, '(' .. since, '+')
  else
    history = redis.call('XRANGE', log, '-', '+')
  end
  -- The messages held back (ids before this join's): the newcomer's node delivers them when they come.
  local awaited = {}
  for _, held_id in ipairs(redis.call('LRANGE', prefix .. 'room:' .. room .. ':queue', 0, -1)) do
    local entry = redis.call('HGET', prefix .. 'room:' .. room .. ':held', held_id)
    if entry and (string.match(entry, '^%a\t%d+\t%d+\tmessage\t') or string.match(entry, '^%a\t%d+\t%d+\taction\t')) then
      table.insert(awaited, held_id)
    end
  end
  ordered('joined', id, room, at, display, headcount(count, crowded))
  -- A crowded room's welcome counts its members and names none: no list of thousands to send.
  local claims = {}
  if not crowded then
    claims = redis.call('HVALS', members)
  end
  return {display, id, resumed and 1 or 0, claims, history, count, crowded and 1 or 0, awaited}

elseif op == 'say' or op == 'reserve' then
  -- room, node, token, name key, text, history size, kind (message or action), and for reserve the
  -- hold in ms. say publishes the message (or holds it behind held events); reserve, for a node
  -- with a database, gives it its id and holds it until the node says it is stored (op stored), or
  -- for the hold at most: a node that dies meanwhile holds up its room no longer. reserve answers
  -- {id, at, name} ({} when refused) where say answers 1 (0).
  local room, node, token, key, text, size, kind = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
  local claim = redis.call('HGET', prefix .. 'room:' .. room .. ':members', key)
  local fields = claim and split(claim)
  if not claim or fields[2] ~= node or fields[3] ~= token then
    return op == 'say' and 0 or {}
  end
  local muted_left = sanction(prefix .. 'room:' .. room .. ':muted', string.match(key, '^[^\1]*'))
  if muted_left then
    publish('refused', '-', room, '0', node, token .. '\t' .. tostring(muted_left))
    return op == 'say' and 0 or {}
  end
  local id, at = next_id(room)
  if op == 'say' then
    ordered(kind, id, room, at, fields[4], text, size)
    return 1
  end
  redis.call('RPUSH', prefix .. 'room:' .. room .. ':queue', id)
  redis.call('HSET', prefix .. 'room:' .. room .. ':held', id, table.concat({'w', string.format('%.0f', tonumber(at) + tonumber(ARGV[10])), size, kind, at, fields[4], text}, '\t'))
  redis.call('SADD', prefix .. 'queued', room)
  return {id, at, fields[4]}

elseif op == 'stored' then
  -- room, node, 1 if its node stored the reserved messages or 0 if it could not, then their ids:
  -- publishes them (or drops them) in their turn. Answers, for each, 1, or 0 if its hold had
  -- lapsed and it was dropped unheard.
  local room, stored = ARGV[3], ARGV[5]
  local held = prefix .. 'room:' .. room .. ':held'
  local answers = {}
  for i = 6, #ARGV do
    local entry = redis.call('HGET', held, ARGV[i])
    if entry and stored == '1' then
      redis.call('HSET', held, ARGV[i], 's' .. string.sub(entry, 2))
    elseif entry then
      redis.call('HDEL', held, ARGV[i])
    end
    table.insert(answers, entry and 1 or 0)
  end
  flush(room)
  return answers

elseif op == 'typing' then
  -- room, node, token, name key: passed on only for a member here, in a room that is not crowded,
  -- who is not muted
  local room, node, token, key = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
  local claim = redis.call('HGET', prefix .. 'room:' .. room .. ':members', key)
  if not claim then
    return 0
  end
  local fields = split(claim)
  if fields[2] ~= node or fields[3] ~= token
      or redis.call('HEXISTS', prefix .. 'room:' .. room .. ':meta', 'crowded') == 1
      or sanction(prefix .. 'room:' .. room .. ':muted', string.match(key, '^[^\1]*')) then
    return 0
  end
  publish('typing', '-', room, '0', fields[4], '')
  return 1

elseif op == 'moderate' then
  -- room, node, token and member key of the moderator, action, target (a name, or a message id),
  -- the target's name key, seconds, reason, the close reason for kick and ban, and 1 if the
  -- database deleted the message (so it is deleted though the stream no longer holds it). Answers
  -- ok, no_such_user, not_banned, not_found, or gone (the moderator is no longer in the room).
  local room, node, token, key = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
  local action, target, target_key, seconds, reason, close = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
  local claim = redis.call('HGET', prefix .. 'room:' .. room .. ':members', key)
  if not claim or split(claim)[2] ~= node or split(claim)[3] ~= token then
    return 'gone'
  end
  local by = split(claim)[4]
  local notice = table.concat({action, target, seconds, reason}, '\t')
  if action == 'kick' then
    local guest = redis.call('HEXISTS', prefix .. 'room:' .. room .. ':members', target_key)
    local signed_in = redis.call('ZRANGEBYLEX', prefix .. 'room:' .. room .. ':names', '[' .. target_key .. '\1',
      '(' .. target_key .. '\2', 'LIMIT', 0, 1)
    if guest == 0 and #signed_in == 0 then
      return 'no_such_user'
    end
    publish('moderation', '-', room, tostring(now_ms()), by, notice)
    publish('ended', '-', room, '0', target_key, '4002\t' .. close)
  elseif action == 'mute' then
    redis.call('HSET', prefix .. 'room:' .. room .. ':muted', target_key, string.format('%.0f', now_ms() + tonumber(seconds) * 1000))
    publish('moderation', '-', room, tostring(now_ms()), by, notice)
  elseif action == 'ban' then
    redis.call('HSET', prefix .. 'room:' .. room .. ':banned', target_key,
      string.format('%.0f', now_ms() + tonumber(seconds) * 1000) .. '\t' .. reason)
    publish('moderation', '-', room, tostring(now_ms()), by, notice)
    publish('ended', '-', room, '0', target_key, '4003\t' .. close)
  elseif action == 'unban' then
    if redis.call('HDEL', prefix .. 'room:' .. room .. ':banned', target_key) == 0 then
      return 'not_banned'
    end
    publish('moderation', '-', room, tostring(now_ms()), by, notice)
  elseif action == 'delete' then
    if redis.call('XDEL', prefix .. 'room:' .. room .. ':log', target) == 0 and ARGV[13] ~= '1' then
      return 'not_found'
    end
    publish('deleted', target, room, tostring(now_ms()), by, '')
  end
  return 'ok'

elseif op == 'dm' or op == 'dmhold' then
  -- node, the sender's name key, name and 1 if signed in, the recipient's name key, text, history
  -- size, then per room of the sender's, in its order: room, the sender's member key and token
  -- there. To the signed-in user of that name if there is one, else to the first guest holding
  -- it in one of those rooms (not the sender). Kept, and numbered in its conversation, between
  -- two signed-in users. Publishes `dm`: ID, AT, then from, from-verified, from key, to, to-verified,
  -- to key, the guest recipient's node, room and token (or empty), the sender's node, first room and
  -- token (for a guest sender), TEXT. Returns {0} if nobody has that name, else {1}. dmhold, for a
  -- node with a database, neither keeps nor publishes one between two signed-in users: it answers
  -- {2, the payload}, for the node to store the message and then publish that (op release).
  local node, from_key, from_name, from_verified, to_key, text, size =
      ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
  local to_name, to_verified, guest = nil, '0', {'', '', ''}
  local user = redis.call('HGET', prefix .. 'users', to_key)
  if user then
    to_name, to_verified = string.match(user, '\t(.*)$'), '1'
  else
    for i = 10, #ARGV, 3 do
      local members = prefix .. 'room:' .. ARGV[i] .. ':members'
      local claim = redis.call('HGET', members, to_key)
      if claim and claim ~= '' and to_key ~= ARGV[i + 1] then
        local fields = split(claim)
        to_name, guest = fields[4], {fields[2], ARGV[i], fields[3]}
        if from_verified == '0' then
          local mine = redis.call('HGET', members, ARGV[i + 1])
          from_name = mine and split(mine)[4] or from_name
        end
        break
      end
    end
  end
  if not to_name then
    return {0}
  end
  local id, at
  local kept = from_verified == '1' and to_verified == '1'
  if kept and op == 'dmhold' then
    id, at = next_id('\1dm')
  elseif kept then
    local conversation = from_key < to_key and '\1' .. from_key .. '\n' .. to_key or '\1' .. to_key .. '\n' .. from_key
    id, at = next_id(conversation)
    local meta, log = prefix .. 'room:' .. conversation .. ':meta', prefix .. 'room:' .. conversation .. ':log'
    local excess = redis.call('XLEN', log) - size + 1
    if size == 0 then
      redis.call('HSET', meta, 'floor', id)
    else
      if excess > 0 then
        local evicted = redis.call('XRANGE', log, '-', '+', 'COUNT', excess)
        redis.call('HSET', meta, 'floor', evicted[#evicted][1])
      end
      redis.call('XADD', log, 'MAXLEN', size, id, 'from', from_name, 'to', to_name, 'text', text, 'at', at)
    end
  else
    id, at = next_id('\1dm')
  end
  local sender = {'', '', ''}
  if from_verified == '0' and #ARGV >= 10 then
    sender = {node, ARGV[10], ARGV[12]}
  end
  local payload = table.concat({'dm', id, '', at, from_name, from_verified, from_key, to_name, to_verified,
      to_key, guest[1], guest[2], guest[3], sender[1], sender[2], sender[3], text}, '\t')
  if kept and op == 'dmhold' then
    return {2, payload}
  end
  redis.call('PUBLISH', prefix .. 'events', payload)
  return {1}

elseif op == 'release' then
  -- the payload dmhold answered, once its node has stored the message
  redis.call('PUBLISH', prefix .. 'events', ARGV[3])
  return {1}

elseif op == 'dms' then
  -- the asker's name key, the other's, since ('' for none): the kept conversation, after `since`
  -- when nothing after it was dropped ({1, entries}), else all of it ({0, entries})
  local a, b, since = ARGV[3], ARGV[4], ARGV[5]
  local conversation = a < b and '\1' .. a .. '\n' .. b or '\1' .. b .. '\n' .. a
  local meta, log = prefix .. 'room:' .. conversation .. ':meta', prefix .. 'room:' .. conversation .. ':log'
  local last, floor = redis.call('HGET', meta, 'last'), redis.call('HGET', meta, 'floor')
  if since ~= '' and last and not before(last, since) and not (floor and before(since, floor)) then
    return {1, redis.call('XRANGE', log, '(' .. since, '+')}
  end
  return {0, redis.call('XRANGE', log, '-', '+')}

elseif op == 'leave' then
  -- room, node, token, name key
  return release(ARGV[3], ARGV[6], ARGV[4], ARGV[5])

elseif op == 'beat' then
  -- node, time to live in ms, fresh (1: the node's earlier claims are void, after an outage)
  local node, ttl, fresh = ARGV[3], ARGV[4], ARGV[5]
  -- Lapsed holds end here too, in a room where nobody stores anything after them.
  for _, room in ipairs(redis.call('SMEMBERS', prefix .. 'queued')) do
    flush(room)
  end
  if fresh == '1' then
    reap(node)
  end
  redis.call('SET', prefix .. 'node:' .. node, '1', 'PX', ttl)
  redis.call('SADD', prefix .. 'nodes', node)
  local released = 0
  for _, other in ipairs(redis.call('SMEMBERS', prefix .. 'nodes')) do
    if other ~= node and redis.call('EXISTS', prefix .. 'node:' .. other) == 0 then
      released = released + reap(other)
    end
  end
  return released

elseif op == 'quit' then
  -- node: a clean shutdown
  local released = reap(ARGV[3])
  redis.call('DEL', prefix .. 'node:' .. ARGV[3])
  return released

elseif op == 'rooms' then
  -- at most this many: the busiest rooms, with their counts, from the index (no member is read)
  return redis.call('ZRANGE', prefix .. 'rooms', 0, tonumber(ARGV[3]) - 1, 'WITHSCORES')

elseif op == 'last' then
  -- room: the id of its latest event, or '' if it has had none
  return redis.call('HGET', prefix .. 'room:' .. ARGV[3] .. ':meta', 'last') or ''

elseif op == 'members' then
  -- room
  return redis.call('HVALS', prefix .. 'room:' .. ARGV[3] .. ':members')

elseif op == 'page' then
  -- room, name key to start after ('' for the first), how many: the claims of the members after
  -- it in name-key order, one more than asked if there are more, and the room's count
  local room, after, limit = ARGV[3], ARGV[4], tonumber(ARGV[5])
  local members = prefix .. 'room:' .. room .. ':members'
  local from = '-'
  if after ~= '' then
    from = '(' .. after
  end
  local keys = redis.call('ZRANGEBYLEX', prefix .. 'room:' .. room .. ':names', from, '+', 'LIMIT', 0, limit + 1)
  local claims = {}
  if #keys > 0 then
    claims = redis.call('HMGET', members, unpack(keys))
  end
  return {claims, redis.call('HLEN', members)}
end

return redis.error_reply('ERR unknown operation ' .. tostring(op))
