using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// Pages of a collection over a feature's own list query (the same <c>.sql</c> file that <c>/api</c> answers from:
/// $1 id, $2..$5 bbox, $6 limit, $7 offset, then the collection's filters in order), which returns the GeoJSON
/// FeatureCollection as one text. Feature ids are whole numbers.
/// </summary>
internal static class OgcSqlPages
{
    public static OgcPager For(string query, string[] filters) => async (request, ct) =>
    {
        long? id = null;
        if (request.FeatureId is { } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return OgcRequest.EmptyPage();
            id = whole;
        }
        var b = request.Box;
        var args = new List<object> { (object?)id ?? DBNull.Value, Value(b?.MinLon), Value(b?.MinLat), Value(b?.MaxLon), Value(b?.MaxLat), request.Limit, request.Offset };
        args.AddRange(filters.Select(name => (object?)request.Filter(name) ?? DBNull.Value));
        await using var cmd = request.Db.CreateCommand(Sql.Get(query));
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        try
        {
            return await cmd.ExecuteScalarAsync(ct) is string json ? (JsonObject)JsonNode.Parse(json)! : OgcRequest.EmptyPage();
        }
        catch (PostgresException e) { throw new InvalidOperationException($"reading a page of {query}: {e.MessageText}", e); }
    };

    private static object Value(double? v) => v is { } d ? d : DBNull.Value;
}
