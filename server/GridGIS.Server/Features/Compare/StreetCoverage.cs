using System.Text.Json.Nodes;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Compare;

/// <summary>
/// Coverage per street and category from the latest complete coverage run (or a given one), for the
/// comparison table: share of residents covered, households outside every facility's walk, and gap
/// area. A street's paired counts are withheld together when either side is a small count (for
/// every role but administrator), as the coverage API does. Empty until a run has completed.
/// </summary>
internal sealed class StreetCoverage
{
    private readonly Dictionary<string, JsonObject> _byStreet;

    private StreetCoverage(JsonObject? run, Dictionary<string, JsonObject> byStreet)
    {
        Run = run;
        _byStreet = byStreet;
    }

    /// <summary>The run the figures come from, or null when none has completed.</summary>
    public JsonObject? Run { get; }

    /// <summary>The street's coverage per category code, or null when there is no run.</summary>
    public JsonNode? For(string streetCode) => _byStreet.TryGetValue(streetCode, out var o) ? o.DeepClone() : null;

    public static async Task<StreetCoverage> LoadAsync(NpgsqlDataSource db, string[] streetCodes, bool suppress, CancellationToken ct, long? runId = null)
    {
        var byStreet = new Dictionary<string, JsonObject>();
        JsonObject? run = null;
        await using var cmd = db.CreateCommand(Sql.Get("Features/Compare/SelectStreetCoverage.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = streetCodes });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (hh, hhCovered, residents, residentsCovered) = (r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
            var hidden = !Disclosure.For(!suppress).ShowsParts(hh, hhCovered, hh - hhCovered);
            run ??= new JsonObject
            {
                ["id"] = r.GetInt64(7), ["finishedAt"] = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), ["mode"] = r.GetString(9),
            };
            var code = r.GetString(0);
            if (!byStreet.TryGetValue(code, out var street)) byStreet[code] = street = new JsonObject();
            street[r.GetString(1)] = new JsonObject
            {
                ["households"] = Disclosure.For(!suppress).Shows(hh) ? hh : null,
                ["coveredShare"] = hidden || residents == 0 ? null : Math.Round((double)residentsCovered / residents, 5),
                ["householdsOutside"] = hidden ? null : hh - hhCovered,
                ["gapAreaKm2"] = Math.Round(r.GetDouble(6) / 1e6, 4),
            };
        }
        return new StreetCoverage(run, byStreet);
    }

    /// <summary>Adds each street's equity figures (<see cref="Languages.EquityApi"/>) to its categories, by the caller's rule.</summary>
    public static async Task AddEquityAsync(NpgsqlDataSource db, StreetCoverage coverage, Disclosure rule, CancellationToken ct)
    {
        if (coverage.Run?["id"] is not { } idNode) return;
        var streetIds = new HashSet<int>();
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Compare/ListStreetIds.sql")))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = coverage._byStreet.Keys.ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) streetIds.Add(r.GetInt32(0));
        }
        foreach (var e in await Languages.EquityApi.LoadAsync(db, (long)idNode, null, rule, streetIds, ct))
            if (e.Code is { } code && coverage._byStreet.TryGetValue(code, out var street) && street[e.Category] is JsonObject c)
            {
                c["foreignCoveredShare"] = Round(e.ForeignCoveredShare);
                c["foreignInLanguageShare"] = Round(e.ForeignInLanguageShare);
                c["gini"] = Round(e.Gini);
                c["palma"] = Round(e.Palma);
            }

        static double? Round(double? v) => v is { } x ? Math.Round(x, 5) : null;
    }
}
