-- V012: a player no tracked team lists any more is in no squad. The player feed publishes a player who left every
-- tracked team (sold to an untracked league, retired, loaned abroad: in no team list any more) with the team his
-- lookup names, or with idTeam 0 when it names none or the lookup is off: listed by no tracked team (0 is no
-- TheSportsDB team; the player contract requires an id). dim_player keeps that 0 as his current team; the squads
-- leave him out.

-- The players of a team (dim_player keeps each player's current team; 0: no tracked team lists him).
CREATE OR REPLACE VIEW dw.v_squad AS
SELECT
    p.idTeam AS idTeam,
    p.idPlayer AS idPlayer,
    p.strPlayer AS player,
    p.strNumber AS number,
    p.strPosition AS position,
    p.nationality AS nationality,
    p.dateBorn AS born
FROM dw.dim_player AS p FINAL
WHERE p.idTeam IS NOT NULL AND p.idTeam != 0;
