using GridGIS.Core.Grids;
using GridGIS.Core.Privacy;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Foreign-resident grid proposals (<see cref="ForeignResidentDesignation"/>) with the nationalities
/// present. For every role but administrator the report is computed from what <see cref="Disclosure"/> lets
/// them see (<see cref="GridFigures.Disclose"/>): a grid of 1-4 households, or whose foreign residents live in
/// 1-4 households, is not proposed (no threshold then tells anything about it), and a nationality of 1-4
/// households is not listed. The output says so.
/// </summary>
internal static class DesignationReport
{
    public sealed record Thresholds(int MinForeignResidents, double MinForeignShare);

    public sealed record Suppression(bool Applied, int Threshold, string? Note);

    public sealed record NationalityCount(string Nationality, long? Persons);

    public sealed record Confirmed(string Kind, string? By, DateTime? At, string? Reason);

    public sealed record Proposal(int GridId, string Code, int CommunityId, string CurrentKind, string Action, string ProposedKind,
        long Households, long Residents, long? ForeignResidents, double? ForeignShare, bool MeetsCount, bool MeetsShare,
        IReadOnlyList<NationalityCount> Nationalities, Confirmed? Confirmed);

    public sealed record Report(Thresholds Thresholds, Suppression Suppression, int GridsChecked, IReadOnlyList<Proposal> Proposals);

    public static Suppression SuppressionFor(bool suppress) =>
        new(suppress, SmallCounts.DefaultThreshold, Disclosure.For(!suppress).Note);

    public static async Task<Report> BuildAsync(NpgsqlDataSource db, Thresholds t, bool suppress, CancellationToken ct)
    {
        var rule = Disclosure.For(!suppress);
        var grids = GridFigures.Disclose(await GridFigures.LoadAsync(db, null, ct), rule);
        var byId = grids.ToDictionary(g => g.Id);
        var designation = new ForeignResidentDesignation(t.MinForeignResidents, t.MinForeignShare);
        var proposals = designation.Run(grids.Where(g => g.Shown && g.ForeignShown).Select(g => new GridResidents(g.Id, g.Code, g.Kind, g.Residents, g.ForeignResidents, g.Nationalities)))
            .Select(p =>
            {
                var g = byId[p.Grid.GridId];
                long? foreign = g.ForeignResidents;
                return new Proposal(g.Id, g.Code, g.CommunityId, GridFigures.KindName(g.Kind), ActionName(p.Action),
                    p.Action == DesignationAction.Review ? "ordinary" : "foreign_resident",
                    g.Households, g.Residents, foreign, foreign is null ? null : Math.Round(p.ForeignShare, 4), p.MeetsCount, p.MeetsShare,
                    p.Nationalities.Select(n => new NationalityCount(n.Key, n.Value)).ToList(),
                    g.KindSetAt is null ? null : new Confirmed(GridFigures.KindName(g.Kind), g.KindSetBy, g.KindSetAt, g.KindReason));
            }).ToList();
        return new Report(t, SuppressionFor(suppress), grids.Count, proposals);
    }

    public static string ActionName(DesignationAction a) => a switch
    {
        DesignationAction.Designate => "designate",
        DesignationAction.Keep => "keep",
        _ => "review",
    };
}
