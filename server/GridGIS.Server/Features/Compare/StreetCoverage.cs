using System.Text.Json.Nodes;
using Npgsql;

namespace GridGIS.Server.Features.Compare;

/// <summary>
/// Coverage per street and category from the latest nightly coverage run, for the comparison
/// table: share of households covered, households outside, gap area. Empty (with a note) until a
/// coverage run exists.
/// </summary>
internal sealed class StreetCoverage
{
    private readonly Dictionary<string, JsonObject> _byStreet;

    private StreetCoverage(JsonObject? run, Dictionary<string, JsonObject> byStreet)
    {
        Run = run;
        _byStreet = byStreet;
    }

    /// <summary>The run the figures come from, or null when none has finished.</summary>
    public JsonObject? Run { get; }

    /// <summary>The street's coverage per category, or null when there is no run.</summary>
    public JsonNode? For(string streetCode, bool isAdmin) =>
        _byStreet.TryGetValue(streetCode, out var o) ? o.DeepClone() : null;

    public static Task<StreetCoverage> LoadAsync(NpgsqlDataSource db, string[] streetCodes, CancellationToken ct)
    {
        // The nightly coverage feature (issue 5) writes its results in its own tables; until that
        // lands there is nothing to read, and the table shows "no run yet".
        _ = db; _ = streetCodes; _ = ct;
        return Task.FromResult(new StreetCoverage(null, []));
    }
}
