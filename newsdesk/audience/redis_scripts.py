"""The Lua scripts of the Redis counter store (redis_counters.py), each one atomic in Redis.

`#!lua` makes them Redis 7 function-style scripts: Redis refuses to start one
when it is out of memory (instead of failing half-way), so a count is either
wholly in Redis or not at all.
"""

# Count one view or like, and append it to the stream, in one step.
# KEYS: 1 the article's totals (hash v, l), 2 its "checked lately" flag, 3 the day's marks
# (a set of visitors for views, a hash visitor -> 1|0 for likes), 4 the stream, 5 the epoch.
# ARGV: 1 kind v|l, 2 article, 3 day, 4 visitor, 5 views: dedupe 1|0, likes: liked 1|0,
# 6 referrer, 7 an epoch to use if the stream is new, 8 checked 1|0, 9 views, 10 likes
# (the database's, when checked), 11 seconds the check holds, 12 marks loaded 1|0,
# 13 when the marks expire (unix seconds).
# Answers {"check", article?, marks?} when the database must be asked first (the empty
# member or field of the marks says they were loaded), else {done 1|0, views, likes}.
COUNT = """#!lua
if ARGV[8] == '1' then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[11])
  redis.call('HSETNX', KEYS[1], 'v', ARGV[9])
  redis.call('HSETNX', KEYS[1], 'l', ARGV[10])
end
local view = ARGV[1] == 'v'
if ARGV[12] == '1' then
  if view then redis.call('SADD', KEYS[3], '') else redis.call('HSETNX', KEYS[3], '', '') end
  redis.call('EXPIREAT', KEYS[3], ARGV[13])
end
local check_article = redis.call('EXISTS', KEYS[2]) == 0 or redis.call('EXISTS', KEYS[1]) == 0
local check_marks
if view then
  check_marks = redis.call('SISMEMBER', KEYS[3], '') == 0
else
  check_marks = redis.call('HEXISTS', KEYS[3], '') == 0
end
if check_article or check_marks then
  return {'check', check_article and 1 or 0, check_marks and 1 or 0}
end
if redis.call('EXISTS', KEYS[5]) == 0 then redis.call('SET', KEYS[5], ARGV[7]) end
local views = tonumber(redis.call('HGET', KEYS[1], 'v')) or 0
local likes = tonumber(redis.call('HGET', KEYS[1], 'l')) or 0
if view then
  local new = redis.call('SADD', KEYS[3], ARGV[4])
  local counted = (new == 1 or ARGV[5] == '0') and 1 or 0
  if counted == 1 then views = redis.call('HINCRBY', KEYS[1], 'v', 1) end
  redis.call('XADD', KEYS[4], '*', 't', 'v', 'a', ARGV[2], 'd', ARGV[3], 'u', ARGV[4],
             'n', new, 'c', counted, 'r', ARGV[6])
  return {counted, views, likes}
end
if redis.call('HGET', KEYS[3], ARGV[4]) == ARGV[5] then return {0, views, likes} end
redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
if ARGV[5] == '1' then
  likes = redis.call('HINCRBY', KEYS[1], 'l', 1)
elseif likes > 0 then
  likes = redis.call('HINCRBY', KEYS[1], 'l', -1)
end
redis.call('XADD', KEYS[4], '*', 't', 'l', 'a', ARGV[2], 'd', ARGV[3], 'u', ARGV[4],
           'n', 1, 'c', ARGV[5], 'r', '')
return {1, views, likes}
"""

# The epoch and the oldest entries of the stream, read together.
# KEYS: 1 the stream, 2 the epoch. ARGV: 1 how many entries at most.
READ = """#!lua flags=no-writes
return {redis.call('GET', KEYS[2]) or '', redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', ARGV[1])}
"""

# After a drain committed the entries up to ARGV[2]: trim them from the stream, and set
# the totals of the articles it wrote to the database's plus what the stream still holds
# for them (so totals changed in the database by other means are taken up too).
# KEYS: 1 the stream, 2 the epoch, 3 the last drained id, 4... the articles' totals.
# ARGV: 1 epoch, 2 last written id, 3 the id after it, 4 the most entries to go through,
# then per totals key: the article, its views and likes in the database.
WRITTEN = """#!lua
local function later(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local drained = redis.call('GET', KEYS[3])
if drained and later(drained, ARGV[2]) then return 0 end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[3])
if #KEYS < 4 or redis.call('XLEN', KEYS[1]) > tonumber(ARGV[4]) then return 1 end
local slot, views, likes = {}, {}, {}
for n = 1, #KEYS - 3 do
  local at = 2 + 3 * n
  slot[ARGV[at]] = n
  views[n], likes[n] = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
end
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local f = {}
  for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
  local n = slot[f['a']]
  if n and f['t'] == 'v' and f['c'] == '1' then
    views[n] = views[n] + 1
  elseif n and f['t'] == 'l' then
    if f['c'] == '1' then
      likes[n] = likes[n] + 1
    elseif likes[n] > 0 then
      likes[n] = likes[n] - 1
    end
  end
end
for n = 1, #KEYS - 3 do redis.call('HSET', KEYS[n + 3], 'v', views[n], 'l', likes[n]) end
return 1
"""

# The drainer's lock, kept (ARGV[2] ms more) or let go (no ARGV[2]) only by its holder.
# KEYS: 1 the lock. ARGV: 1 the holder's token, 2 milliseconds.
HOLD = """#!lua
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('DEL', KEYS[1])
"""
