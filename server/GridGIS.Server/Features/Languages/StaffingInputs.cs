using System.Text.Json;
using GridGIS.Core.Languages;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Languages;

/// <summary>What the exact staffing plan reads beside the run's reach: the households' nationalities and the facilities' names.</summary>
internal static class StaffingInputs
{
    /// <summary>Every household's foreign residents by nationality (ISO 3166 alpha-2, persons).</summary>
    public static async Task<List<HouseholdNationality>> NationalitiesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var list = new List<HouseholdNationality>();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Siting/ListHouseholdNationalities.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            using var doc = JsonDocument.Parse(r.GetString(1));
            foreach (var n in doc.RootElement.EnumerateObject())
                if (n.Value.ValueKind == JsonValueKind.Number && n.Value.GetInt32() > 0) list.Add(new(r.GetInt64(0), n.Name, n.Value.GetInt32()));
        }
        return list;
    }

    /// <summary>The names of facilities <paramref name="ids"/>, by id.</summary>
    public static async Task<Dictionary<int, string?>> FacilityNamesAsync(NpgsqlDataSource db, int[] ids, CancellationToken ct)
    {
        var names = new Dictionary<int, string?>();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Siting/ListFacilityNames.sql"));
        cmd.Parameters.Add(new() { Value = ids });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) names[r.GetInt32(0)] = r.IsDBNull(1) ? null : r.GetString(1);
        return names;
    }
}
