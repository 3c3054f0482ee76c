namespace GridGIS.Core.Grids;

/// <summary>A grid's kind: ordinary, or foreign-resident (涉外网格). Stored as 'ordinary' / 'foreign_resident'.</summary>
public enum GridKind { Ordinary, ForeignResident }

/// <summary>
/// A grid's residents as the designation rule sees them: residents, foreign residents and the
/// foreign residents per nationality (ISO 3166 alpha-2, e.g. KR, US), all counts of persons.
/// </summary>
public sealed record GridResidents(int GridId, string Code, GridKind Kind, long Residents, long ForeignResidents,
    IReadOnlyDictionary<string, long> Nationalities);

/// <summary>What the rule proposes for a grid, compared with its current kind.</summary>
public enum DesignationAction
{
    /// <summary>The grid meets the rule and is ordinary: propose designating it.</summary>
    Designate,
    /// <summary>The grid meets the rule and is already foreign-resident.</summary>
    Keep,
    /// <summary>The grid is foreign-resident but no longer meets the rule: propose a review.</summary>
    Review,
}

/// <summary>
/// A proposal: the grid, the proposed and current kinds, the share of foreign residents (0..1),
/// which thresholds were met, and the nationalities present, largest first.
/// </summary>
public sealed record DesignationProposal(GridResidents Grid, DesignationAction Action, double ForeignShare,
    bool MeetsCount, bool MeetsShare, IReadOnlyList<KeyValuePair<string, long>> Nationalities);

/// <summary>
/// Foreign-resident grid designation (涉外网格认定): a grid is proposed as foreign-resident when its
/// foreign residents reach <see cref="MinForeignResidents"/> persons (default 50) <b>or</b> their
/// share of the grid's residents reaches <see cref="MinForeignShare"/> (default 0.10 = 10%). Both
/// thresholds are inclusive ("reach"). A grid with no residents is never proposed. The rule only
/// proposes; an administrator confirms or overrides. Grids that need no action (ordinary and below
/// both thresholds) are not listed.
/// </summary>
public sealed class ForeignResidentDesignation
{
    public const int DefaultMinForeignResidents = 50;
    public const double DefaultMinForeignShare = 0.10;

    /// <param name="minForeignResidents">persons, >= 1</param>
    /// <param name="minForeignShare">share of residents, in (0, 1]</param>
    public ForeignResidentDesignation(int minForeignResidents = DefaultMinForeignResidents, double minForeignShare = DefaultMinForeignShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minForeignResidents, 1);
        if (!(minForeignShare > 0 && minForeignShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(minForeignShare), minForeignShare, "share must be in (0, 1]");
        MinForeignResidents = minForeignResidents;
        MinForeignShare = minForeignShare;
    }

    public int MinForeignResidents { get; }
    public double MinForeignShare { get; }

    /// <summary>One-call entry with the defaults.</summary>
    public static IReadOnlyList<DesignationProposal> Propose(IEnumerable<GridResidents> grids) =>
        new ForeignResidentDesignation().Run(grids);

    /// <summary>True when the grid meets the rule.</summary>
    public bool Meets(long residents, long foreignResidents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(residents);
        ArgumentOutOfRangeException.ThrowIfNegative(foreignResidents);
        if (residents == 0) return false;
        return foreignResidents >= MinForeignResidents || ShareReached(residents, foreignResidents);
    }

    public IReadOnlyList<DesignationProposal> Run(IEnumerable<GridResidents> grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var proposals = new List<DesignationProposal>();
        foreach (var g in grids.OrderBy(g => g.Code, StringComparer.Ordinal))
        {
            var meets = Meets(g.Residents, g.ForeignResidents);
            var action = (meets, g.Kind) switch
            {
                (true, GridKind.Ordinary) => DesignationAction.Designate,
                (true, GridKind.ForeignResident) => DesignationAction.Keep,
                (false, GridKind.ForeignResident) => DesignationAction.Review,
                _ => (DesignationAction?)null,
            };
            if (action is null) continue;
            var share = g.Residents == 0 ? 0 : (double)g.ForeignResidents / g.Residents;
            var nationalities = g.Nationalities.Where(n => n.Value > 0)
                .OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).ToList();
            proposals.Add(new DesignationProposal(g, action.Value, share,
                g.Residents > 0 && g.ForeignResidents >= MinForeignResidents,
                g.Residents > 0 && ShareReached(g.Residents, g.ForeignResidents), nationalities));
        }
        return proposals;
    }

    // foreign / residents >= share, compared without rounding trouble at exactly the threshold
    // (e.g. 10 of 100 at 0.10 is reached).
    private bool ShareReached(long residents, long foreign) => foreign >= MinForeignShare * residents - 1e-9 * residents;
}
