using GridGIS.Core.Import.Osm;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Facilities;

/// <summary>The stored OSM tag-to-category mapping (<c>osm_facility_rule</c>, migration 0023): read, and replaced as a whole.</summary>
internal static class OsmFacilityRules
{
    /// <summary>Most rules a mapping may have.</summary>
    public const int MaxRules = 200;

    public static async Task<List<OsmFacilityRuleDto>> ListAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Facilities/ListOsmFacilityRules.sql"), conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rules = new List<OsmFacilityRuleDto>();
        while (await r.ReadAsync(ct))
            rules.Add(new OsmFacilityRuleDto(r.GetInt32(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7)));
        return rules;
    }

    /// <summary>What is wrong with a new mapping (field path and message), or null: each rule valid, positions unique, at most <see cref="MaxRules"/>.</summary>
    public static (string Field, string Message)? Check(OsmFacilityRulesBody? body)
    {
        if (body?.Rules is null) return ("rules", "send {\"rules\": [...]}: the whole mapping, which replaces the stored one");
        if (body.Rules.Count > MaxRules) return ("rules", $"at most {MaxRules} rules, not {body.Rules.Count}");
        for (var i = 0; i < body.Rules.Count; i++)
        {
            var rule = body.Rules[i];
            if (rule is null) return ($"rules[{i}]", "a rule may not be null");
            if (rule.Category is null || rule.TagKey is null) return ($"rules[{i}]", "category and tagKey are required");
            if (rule.ToRule().Problem() is { } p) return ($"rules[{i}]", p);
            if (rule.Position is < 0 or > 1_000_000) return ($"rules[{i}].position", "position must be 0..1000000");
        }
        var twice = body.Rules.GroupBy(r => r.Position).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? null : ("rules", $"position {twice.Key} is used by {twice.Count()} rules; positions order the rules and must differ");
    }

    /// <summary>Replaces the stored mapping inside the caller's transaction, with one audit row (before and after).</summary>
    public static async Task ReplaceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OsmFacilityRulesBody body, string actor, CancellationToken ct)
    {
        await using (var lk = new NpgsqlCommand(Sql.Get("Features/Facilities/LockOsmFacilityRules.sql"), conn, tx)) await lk.ExecuteNonQueryAsync(ct);
        var before = await ListAsync(conn, tx, ct);
        await using (var del = new NpgsqlCommand(Sql.Get("Features/Facilities/DeleteOsmFacilityRules.sql"), conn, tx)) await del.ExecuteScalarAsync(ct);
        foreach (var r in body.Rules.OrderBy(r => r.Position))
        {
            await using var cmd = new NpgsqlCommand(Sql.Get("Features/Facilities/InsertOsmFacilityRule.sql"), conn, tx);
            foreach (var v in new object?[] { r.Position, r.Category, r.TagKey, r.TagValue, r.AlsoKey, r.AlsoValue, r.NameContains, r.Note })
                cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value, NpgsqlDbType = v is int ? NpgsqlTypes.NpgsqlDbType.Integer : NpgsqlTypes.NpgsqlDbType.Text });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await Audit.WriteAsync(conn, tx, actor, "replace", "osm_facility_rule", null, before, body.Rules, ct);
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>The Core rules of a mapping.</summary>
    public static List<OsmFacilityRule> ToRules(IEnumerable<OsmFacilityRuleDto> rules) => rules.Select(r => r.ToRule()).ToList();
}
