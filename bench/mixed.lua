-- A mix of the read traffic EHRs and billing systems send, for bench/load.sh.
-- Each wrk connection walks the list in turn, so every request kind is sent about equally often.

local cpt = "http://www.ama-assn.org/go/cpt"
local hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
local vs = "http://fhir.billing-terminology.org/ValueSet/"
local json = { ["Accept"] = "application/fhir+json" }
local post = { ["Accept"] = "application/fhir+json", ["Content-Type"] = "application/fhir+json" }

local function parameters(...)
	local parts = {}
	for _, p in ipairs({ ... }) do
		parts[#parts + 1] = string.format('{"name":"%s","%s":"%s"}', p[1], p[2], p[3])
	end
	return '{"resourceType":"Parameters","parameter":[' .. table.concat(parts, ",") .. ']}'
end

local requests = {
	{ "GET", "/fhir/CodeSystem/$lookup?system=" .. cpt .. "&code=77003", json },
	{ "POST", "/fhir/CodeSystem/$lookup", post,
		parameters({ "system", "valueUri", cpt }, { "code", "valueCode", "77002" }) },
	{ "GET", "/fhir/CodeSystem/$validate-code?url=" .. cpt .. "&code=77003:26", json },
	{ "GET", "/fhir/ValueSet/$validate-code?url=" .. vs .. "cpt-77003-modifiers&system=" .. hcpcs .. "&code=TC", json },
	{ "POST", "/fhir/ValueSet/$validate-code", post,
		parameters({ "url", "valueUri", vs .. "cpt-image-guidance" }, { "system", "valueUri", cpt },
			{ "code", "valueCode", "77003" }) },
	{ "GET", "/fhir/ValueSet/$expand?url=" .. vs .. "cpt-imaging-included-primaries&count=10&offset=0", json },
	{ "GET", "/fhir/ValueSet/$expand?url=" .. vs .. "cpt-77003-modifiers", json },
	{ "GET", "/fhir/ChargeItemDefinition?code=" .. cpt .. "%7C77003", json },
	{ "GET", "/fhir/ChargeItemDefinition?payer=Organization/medicare", json },
	{ "GET", "/fhir/ConceptMap/$translate?system=" .. cpt .. "&code=76005", json },
	{ "GET", "/fhir/CodeSystem/$subsumes?system=" .. cpt .. "&codeA=77003:26&codeB=77003", json },
}

local formatted = {}

function init(args)
	for i, r in ipairs(requests) do
		formatted[i] = wrk.format(r[1], r[2], r[3], r[4])
	end
	counter = math.random(#formatted)
end

function request()
	counter = counter % #formatted + 1
	return formatted[counter]
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"RESULT requests=%d seconds=%.1f non2xx3xx=%d connect=%d read=%d write=%d timeout=%d p50ms=%.1f p99ms=%.1f maxms=%.1f\n",
		summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write, e.timeout,
		latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
