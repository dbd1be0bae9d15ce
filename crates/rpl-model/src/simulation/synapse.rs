//! Synaptic pulses on the cell: scheduled pulses of a synapse's
//! permeability, on top of the scenario's tonic synapses
//! ([`crate::scenario::Synapses`]), and the synapses' currents and reversal
//! potentials as readouts.
//!
//! A pulse is scheduled as a stimulus pulse is ([`super::StimulusSpec`]):
//! its edges cut the integration, each piece over which the permeabilities
//! are constant is one call of the integrator, which starts again with a
//! short step after each edge, and a frame's step budget is shared by the
//! pieces. The synaptic currents are GHK currents carried by the ions
//! themselves (Na⁺ and K⁺, or Cl⁻), so ions and charge stay conserved.

use super::excite::{parse_train, validate_timing, PulseKind};
use super::Simulation;
use crate::decimal::Plain;
use crate::error::{ModelError, Range};
use crate::key::PERM_MAX;

/// Which synapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SynapseKind {
    /// AMPA-like: a cation channel passing Na⁺ and K⁺ with equal
    /// permeabilities, reversing near 0 mV.
    Excitatory,
    /// GABA_A-like: a Cl⁻ channel, reversing at E_Cl.
    Inhibitory,
}

impl SynapseKind {
    /// The name of its pulses on the command line (`syn_exc`, `syn_inh`),
    /// and the prefix of their fields in errors (`syn_exc_permeability`).
    pub fn name(self) -> &'static str {
        match self {
            SynapseKind::Excitatory => "syn_exc",
            SynapseKind::Inhibitory => "syn_inh",
        }
    }

    /// The kind named `syn_exc` or `syn_inh`.
    pub fn parse(name: &str) -> Option<SynapseKind> {
        [SynapseKind::Excitatory, SynapseKind::Inhibitory]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// Synaptic pulses: `count` rectangular pulses of `permeability_cm_s` (the
/// excitatory synapse's to Na⁺ and to K⁺ each, or the inhibitory one's to
/// Cl⁻) lasting `duration_ms`, `rate_hz` apart, the first at once.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SynapseSpec {
    /// Which synapse.
    pub kind: SynapseKind,
    /// The permeability while a pulse is on, cm/s.
    pub permeability_cm_s: f64,
    /// Each pulse's length, ms.
    pub duration_ms: f64,
    /// Pulses per second (ignored for one pulse).
    pub rate_hz: f64,
    /// How many pulses.
    pub count: u32,
}

impl SynapseSpec {
    /// One pulse.
    pub fn pulse(kind: SynapseKind, permeability_cm_s: f64, duration_ms: f64) -> Self {
        SynapseSpec {
            kind,
            permeability_cm_s,
            duration_ms,
            rate_hz: 1.0,
            count: 1,
        }
    }

    /// A train of `count` pulses at `rate_hz`.
    pub fn train(
        kind: SynapseKind,
        permeability_cm_s: f64,
        duration_ms: f64,
        rate_hz: f64,
        count: u32,
    ) -> Self {
        SynapseSpec {
            kind,
            permeability_cm_s,
            duration_ms,
            rate_hz,
            count,
        }
    }

    /// Every field in its range (the permeability above 0 and at most
    /// [`PERM_MAX`] cm/s; duration, rate and count as a stimulus's), and a
    /// train's pulses no longer than the interval between them; the error
    /// names the field (`syn_exc_permeability`, `syn_exc_duration`,
    /// `syn_exc_rate`, `syn_exc_count`, or `syn_inh_…`), the value and
    /// what is allowed.
    pub fn validate(&self) -> Result<(), ModelError> {
        let prefix = self.kind.name();
        Range::above(0.0, PERM_MAX).check(
            &format!("{prefix}_permeability"),
            self.permeability_cm_s,
            "cm/s",
        )?;
        validate_timing(prefix, self.duration_ms, self.rate_hz, self.count)
    }

    /// Read `PERMEABILITY[,DURATION_MS[,RATE_HZ,COUNT]]` for the synapse
    /// `kind` (`1e-6` is one 1 ms pulse of 1e-6 cm/s; `1e-6,2,50,10` ten
    /// of 2 ms at 50 Hz), checked.
    pub fn parse(kind: SynapseKind, text: &str) -> Result<SynapseSpec, ModelError> {
        let (p, duration, train) = parse_train(text, kind.name(), "permeability")?;
        let spec = match train {
            Some((rate, count)) => SynapseSpec::train(kind, p, duration, rate, count),
            None => SynapseSpec::pulse(kind, p, duration),
        };
        spec.validate()?;
        Ok(spec)
    }

    /// The text [`parse`](Self::parse) reads back to these pulses.
    pub fn to_text(&self) -> String {
        if self.count > 1 {
            format!(
                "{},{},{},{}",
                Plain(self.permeability_cm_s),
                Plain(self.duration_ms),
                Plain(self.rate_hz),
                self.count
            )
        } else {
            format!(
                "{},{}",
                Plain(self.permeability_cm_s),
                Plain(self.duration_ms)
            )
        }
    }
}

/// The synapses now: their permeabilities (tonic plus any pulse on), their
/// currents and their reversal potentials.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SynapticReadouts {
    /// The excitatory synapse's permeability to Na⁺ and to K⁺ (each), cm/s.
    pub p_exc_cm_s: f64,
    /// The inhibitory synapse's permeability to Cl⁻, cm/s.
    pub p_inh_cm_s: f64,
    /// The excitatory synapse's current (Na⁺ and K⁺), µA/cm², outward positive.
    pub exc_current_ua_cm2: f64,
    /// The inhibitory synapse's current (Cl⁻), µA/cm², outward positive.
    pub inh_current_ua_cm2: f64,
    /// Where the excitatory synapse's current reverses, mV:
    /// (RT/F) ln((Na_o + K_o) / (Na_i + K_i)).
    pub e_exc_mv: f64,
    /// Where the inhibitory synapse's current reverses, mV: E_Cl.
    pub e_inh_mv: f64,
}

impl Simulation {
    /// Schedule synaptic pulses starting now (on top of any pulses still to
    /// come, which they share [`super::PULSES_MAX`] with).
    pub fn synapse(&mut self, spec: &SynapseSpec) -> Result<(), ModelError> {
        spec.validate()?;
        self.schedule(
            &format!("{}_count", spec.kind.name()),
            PulseKind::Synapse(spec.kind),
            spec.permeability_cm_s,
            spec.duration_ms,
            spec.rate_hz,
            spec.count,
        )
    }

    /// The synaptic permeabilities at model time `t_s`, tonic plus the
    /// pulses on, cm/s: (excitatory, inhibitory).
    pub fn synapses_at(&self, t_s: f64) -> (f64, f64) {
        let now = self.params.syn.plus(&self.syn_pulse_at(t_s));
        (now.p_exc_cm_s, now.p_inh_cm_s)
    }

    /// The synapses at the present state.
    pub fn synaptic_readouts(&self) -> SynapticReadouts {
        let p = &self.params;
        let cur = p.currents(&self.y);
        let now = p.synapses_now();
        let (e_exc, e_inh) = p.synaptic_reversals(&self.y);
        SynapticReadouts {
            p_exc_cm_s: now.p_exc_cm_s,
            p_inh_cm_s: now.p_inh_cm_s,
            exc_current_ua_cm2: cur.synaptic_exc() * 1e6,
            inh_current_ua_cm2: cur.synaptic_inh() * 1e6,
            e_exc_mv: e_exc,
            e_inh_mv: e_inh,
        }
    }

    /// The synapses' currents with the present concentrations and V held at
    /// `v_mv`, µA/cm², outward positive: (excitatory, inhibitory).
    pub fn synaptic_clamp(&self, v_mv: f64) -> (f64, f64) {
        let cur = self.params.currents_at(&self.y, v_mv);
        (cur.synaptic_exc() * 1e6, cur.synaptic_inh() * 1e6)
    }
}
