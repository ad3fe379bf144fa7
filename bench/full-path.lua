-- The full path: each request puts the next value of BENCH_VALUES (comma-separated) into the %s of
-- wrk's URL, and says Cache-Control: no-cache, so that no answer is replayed. Each thread starts
-- at a different place in the list, so that connections do not ask the same thing in step.
local values = {}
local next_value = 1

function setup(thread)
	thread:set("offset", math.random(1, 1000))
end

function init(args)
	for value in string.gmatch(os.getenv("BENCH_VALUES") or "", "[^,]+") do
		values[#values + 1] = value
	end
	if #values == 0 then
		error("BENCH_VALUES names no values")
	end
	next_value = (tonumber(offset) or 1) % #values + 1
end

request = function()
	local value = values[next_value]
	next_value = next_value % #values + 1
	return wrk.format("GET", string.format(wrk.path, value), { ["Cache-Control"] = "no-cache" })
end
