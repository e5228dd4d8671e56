"""Per noise model <= TPE / <= CMA-ES / <= random counts of two of our algorithms on bbob evaluation
instance 6, d = 2 (session 10, issue 20): the rows compare.ts reads, grouped by noise model.
Usage: python3 benchmarks/bbob/noise-counts.py OURS_A OURS_B PEERS...  (result .json or progress .jsonl files)
"""
import json,sys,collections
def load(paths):
    d={}
    for p in paths:
        txt=open(p).read().strip()
        recs=[]
        if p.endswith('.jsonl'):
            recs=[json.loads(l) for l in txt.splitlines() if l.strip()]
        else:
            recs=json.loads(txt)['runs']
        for r in recs: d[(r['problem'],r['algorithm'])]=r['regret'][-1]
    return d
ours=load(sys.argv[1:3]); peers=load(sys.argv[3:])
algs={'default':'gp-qlognei','candidate':'gp-qlognei-tr-nr'}
for noise in ['gauss-high','cauchy','mult','all']:
    out=[]
    for name,a in algs.items():
        cnt=collections.Counter(); n=0
        for f in range(1,25):
            for nz in (['gauss-high','cauchy','mult'] if noise=='all' else [noise]):
                prob=f'bbob_f{f:03d}_i06_d02_{nz}'
                if (prob,a) not in ours: continue
                n+=1
                for pa in ['optuna-tpe','optuna-cmaes','optuna-random']:
                    if ours[(prob,a)]<=peers[(prob,pa)]: cnt[pa]+=1
        out.append(f"{name}: n {n} <=TPE {cnt['optuna-tpe']} <=CMA {cnt['optuna-cmaes']} <=random {cnt['optuna-random']}")
    print(noise,' | '.join(out))
