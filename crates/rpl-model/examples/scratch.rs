use rpl_model::*;
fn main() {
    for name in PRESET_NAMES {
        let s = Scenario::preset(name).unwrap();
        let sim = Simulation::new(s.clone()).unwrap();
        let r = sim.readouts();
        println!("{name}: V={:.3} E={:?} Imax={:.4} net={:.2e} pump={:.4} Cl_i={:.3} A={:.1} osm={:?}", r.v_mv, r.e_mv, s.pump.max_current_ua_cm2, r.net_current_ua_cm2, r.pump_current_ua_cm2, r.c_in_mm.cl, r.impermeant_mm, r.osmolarity_mm);
    }
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    let t = std::time::Instant::now();
    for k in 1..=12 { sim.advance(Seconds(600.0)).unwrap(); let r = sim.readouts(); println!("t={} V={:.2} Na={:.2} K={:.2} Cl={:.2}", k*10, r.v_mv, r.c_in_mm.na, r.c_in_mm.k, r.c_in_mm.cl); }
    println!("{:?} {:?} {:?}", t.elapsed(), sim.stats(), sim.conservation());
    let mut sim = Simulation::new(Scenario::preset("k-only").unwrap()).unwrap();
    for _ in 0..5 { sim.advance(Seconds(0.01)).unwrap(); let r = sim.readouts(); println!("t={:.3} V={:.3} EK={:.3} moved K frac {:.2e} ions {:.3e}", r.t_s, r.v_mv, r.e_mv.k, r.moved_fraction.k, r.moved_ions.k); }
    let mut s = Scenario::preset("neuron").unwrap(); s.cell.volume = VolumeMode::Swelling;
    let mut sim = Simulation::new(s).unwrap();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    for k in 1..=6 { sim.advance(Seconds(3600.0)).unwrap(); let r = sim.readouts(); println!("swell t={}h V={:.2} Na={:.2} K={:.2} Cl={:.2} w={:.3}", k, r.v_mv, r.c_in_mm.na, r.c_in_mm.k, r.c_in_mm.cl, r.volume_rel); }
    println!("{:?}", sim.stats());
}
